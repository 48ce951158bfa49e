#include "compiler/emit/nft_payload.hpp"

namespace faultc::emit {

// `@ih` is the transport payload: reading its first byte succeeds only when
// there is one, for IPv4 and IPv6 alike and whatever the options or
// extension headers (docs/backends-research.md, 27 crafted cases).
std::string nft_payload_match() { return "meta l4proto tcp @ih,0,8 >= 0 "; }

}  // namespace faultc::emit
