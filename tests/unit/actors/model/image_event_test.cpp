#include <boost/test/unit_test.hpp>

#include "actors/model/image_event.hpp"

using model::event_type;

BOOST_AUTO_TEST_CASE(event_types_have_one_name_each_both_ways) {
  for (auto type : model::all_event_types())
    BOOST_TEST((model::parse_event_type(model::to_string(type)) == type));
  BOOST_TEST(model::to_string(event_type::version_done) == std::string("version.done"));
  BOOST_TEST(!model::parse_event_type("version.Done").has_value());
  BOOST_TEST(!model::parse_event_type("").has_value());
}

BOOST_AUTO_TEST_CASE(a_filter_passes_its_types_on_images_with_all_its_labels) {
  model::event_filter filter{{event_type::version_done, event_type::version_failed},
                             {{"line", "3"}, {"station", "7"}}};
  model::image_event event;
  event.type = event_type::version_done;
  event.image.labels = {{"line", "3"}, {"station", "7"}, {"part", "A-1042"}};
  BOOST_TEST(filter.passes(event));
  event.type = event_type::image_created;
  BOOST_TEST(!filter.passes(event));
  event.type = event_type::version_failed;
  event.image.labels.erase("station");
  BOOST_TEST(!filter.passes(event));
  event.image.labels["station"] = "8";
  BOOST_TEST(!filter.passes(event));
  filter.labels.clear();
  BOOST_TEST(filter.passes(event));
}
