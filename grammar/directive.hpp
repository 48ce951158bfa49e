#pragma once
// The one directive a comment can carry: `# faultc: allow W104, W106`
// silences those codes on the comment's line (or, for a comment alone on
// its line, on the next line).
#include <tao/pegtl.hpp>

namespace faultc::grammar::directive {

using namespace tao::pegtl;

// clang-format off
struct code : seq< upper, plus< digit > > {};
struct code_list : list< code, one< ',' >, blank > {};
struct directive : seq< one< '#' >, star< blank >, TAO_PEGTL_STRING( "faultc:" ), star< blank >,
                        TAO_PEGTL_STRING( "allow" ), plus< blank >, code_list, star< blank >, eof > {};
// clang-format on

}  // namespace faultc::grammar::directive
