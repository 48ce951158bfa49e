#include "compiler/support/append_text.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>

namespace faultc {

void append_text(std::string& out, std::string&& text) {
  constexpr std::size_t kPiece = std::size_t{1} << 20;
  const long page_size = sysconf(_SC_PAGESIZE);
  if (text.size() < 4 * kPiece || page_size <= 0) {
    out += text;
    text = std::string();
    return;
  }
  const std::uintptr_t page = static_cast<std::uintptr_t>(page_size);
  out.reserve(out.size() + text.size());
  const char* data = text.data();
  const std::uintptr_t start = reinterpret_cast<std::uintptr_t>(data);
  // Only pages wholly inside the text: its allocator's bookkeeping lives
  // just before and after it, on pages that are never released here.
  std::uintptr_t released = (start + page - 1) & ~(page - 1);
  for (std::size_t at = 0; at < text.size(); at += kPiece) {
    const std::size_t n = std::min(kPiece, text.size() - at);
    out.append(data + at, n);
    const std::uintptr_t copied = (start + at + n) & ~(page - 1);  // pages below are copied
    if (copied > released) {
      // Advice, not a requirement: if refused, the pages stay until freed.
      madvise(reinterpret_cast<void*>(released), copied - released, MADV_DONTNEED);
      released = copied;
    }
  }
  text = std::string();
}

}  // namespace faultc
