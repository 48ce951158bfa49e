#pragma once
#include <string>

namespace faultc::emit {

// nft text for "this TCP segment carries payload".
std::string nft_payload_match();

}  // namespace faultc::emit
