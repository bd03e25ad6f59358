#pragma once

// Every operation, in catalog order. Adding an operation means writing its
// file and naming it here; everything else reads this list.

#include <tuple>

#include "actors/imaging/operations/annotate.hpp"
#include "actors/imaging/operations/autoorient.hpp"
#include "actors/imaging/operations/blur.hpp"
#include "actors/imaging/operations/brightness.hpp"
#include "actors/imaging/operations/crop.hpp"
#include "actors/imaging/operations/equalize.hpp"
#include "actors/imaging/operations/extend.hpp"
#include "actors/imaging/operations/flip.hpp"
#include "actors/imaging/operations/flop.hpp"
#include "actors/imaging/operations/format.hpp"
#include "actors/imaging/operations/gamma.hpp"
#include "actors/imaging/operations/grayscale.hpp"
#include "actors/imaging/operations/negate.hpp"
#include "actors/imaging/operations/normalize.hpp"
#include "actors/imaging/operations/quality.hpp"
#include "actors/imaging/operations/resize.hpp"
#include "actors/imaging/operations/rotate.hpp"
#include "actors/imaging/operations/sharpen.hpp"
#include "actors/imaging/operations/stats.hpp"
#include "actors/imaging/operations/strip.hpp"
#include "actors/imaging/operations/threshold.hpp"
#include "actors/imaging/operations/thumbnail.hpp"
#include "actors/imaging/operations/trim.hpp"
#include "actors/imaging/operations/watermark.hpp"

namespace imaging::operations {

using all_operations =
    std::tuple<resize, thumbnail, crop, extend, trim, rotate, flip, flop, autoorient, grayscale,
               normalize, equalize, negate, blur, sharpen, gamma, brightness, threshold, annotate,
               watermark, stats, strip, format, quality>;

} // namespace imaging::operations
