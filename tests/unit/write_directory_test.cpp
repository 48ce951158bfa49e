// write_directory_atomically: a new directory appears whole; an existing
// one is replaced only when the caller says it may be; a failure leaves
// neither a half-written target nor the temporary directory beside it.
#include "compiler/source/write_directory.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using namespace faultc;

namespace {

struct Scratch {
  fs::path dir = fs::temp_directory_path() / fmt::format("faultc-wd-{}", ::getpid());
  Scratch() { fs::create_directories(dir); }
  ~Scratch() { fs::remove_all(dir); }
  std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {})); }
};

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::vector<OutputFile> kFiles = {{"a.txt", "A\n", 0644}, {"sub/dir/b.sh", "#!/bin/sh\n", 0755}};
bool never(const std::string&) { return false; }
bool always(const std::string&) { return true; }

}  // namespace

TEST_CASE("write_directory_atomically writes a new directory with its folders and modes", "[source][ansible]") {
  Scratch s;
  const fs::path out = s.dir / "out";
  REQUIRE_FALSE(write_directory_atomically(out.string(), kFiles, never));
  CHECK(read(out / "a.txt") == "A\n");
  CHECK(read(out / "sub/dir/b.sh") == "#!/bin/sh\n");
  struct stat st{};
  REQUIRE(stat((out / "sub/dir/b.sh").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0755);
  CHECK(s.entries() == 1);  // no temporary directory left beside it
}

TEST_CASE("write_directory_atomically replaces only what the caller allows", "[source][ansible]") {
  Scratch s;
  const fs::path out = s.dir / "out";
  fs::create_directories(out);
  REQUIRE_FALSE(write_directory_atomically(out.string(), kFiles, never));  // empty: taken
  std::ofstream(out / "stale.txt") << "old\n";
  const auto refused = write_directory_atomically(out.string(), {{"a.txt", "new\n", 0644}}, never);
  REQUIRE(refused);
  CHECK_THAT(*refused, Catch::Contains("refusing to replace"));
  CHECK(read(out / "a.txt") == "A\n");
  CHECK(fs::exists(out / "stale.txt"));
  REQUIRE_FALSE(write_directory_atomically(out.string(), {{"a.txt", "new\n", 0644}}, always));
  CHECK(read(out / "a.txt") == "new\n");
  CHECK_FALSE(fs::exists(out / "stale.txt"));  // the old content went with the old directory
  CHECK(s.entries() == 1);
  std::ofstream(s.dir / "file") << "x";
  CHECK(write_directory_atomically((s.dir / "file").string(), kFiles, always));
}

TEST_CASE("write_directory_atomically leaves nothing when a file cannot be written", "[source][ansible]") {
  Scratch s;
  const fs::path out = s.dir / "out";
  for (const char* bad : {"../escape", "/abs", ""}) {
    INFO(bad);
    std::vector<OutputFile> files = kFiles;
    files.push_back({bad, "x", 0644});
    CHECK(write_directory_atomically(out.string(), files, always));
    CHECK(s.entries() == 0);
  }
  // A file and a folder of the same name: the second cannot be made.
  CHECK(write_directory_atomically(out.string(), {{"a", "x", 0644}, {"a/b", "y", 0644}}, always));
  CHECK(s.entries() == 0);
}
