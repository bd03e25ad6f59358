// Gaps found by the hostile corpus, in code outside the HTTP layer; kept as
// tests that are disabled until fixed. Run them with --run_test=known_gaps.

#include <boost/test/unit_test.hpp>

#include "actors/imaging/image_probe.hpp"
#include "tests/security/corpus_files.hpp"

BOOST_AUTO_TEST_SUITE(known_gaps, *boost::unit_test::disabled())

// probe_gif (actors/imaging/probe/probe_gif.cpp) takes the size from the
// logical screen only. bomb-frame.gif has a 96x64 screen and a frame that
// claims 30000x30000: the upload is accepted (201) and only GraphicsMagick's
// own pixel limit stops the decode later (the version fails with
// image_too_large). The probe should measure each frame descriptor too
// (refusing frames that leave the screen, or checking them against the
// limits), so that such a file is refused at upload with 422.
BOOST_AUTO_TEST_CASE(a_gif_frame_larger_than_its_screen_is_refused_from_the_header) {
  auto header =
      imaging::probe_image(security_test::corpus_file("bomb-frame.gif"), imaging::image_limits{});
  BOOST_TEST(!header.ok());
}

BOOST_AUTO_TEST_SUITE_END()
