#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/errors.hpp"
#include "grammar/grammar.hpp"

TEST_CASE("the grammar has no infinite loops or other analysable problems", "[grammar]") {
  CHECK(tao::pegtl::analyze<faultc::grammar::line>(-1) == 0);
  CHECK(tao::pegtl::analyze<faultc::grammar::packet_input>(-1) == 0);
}
