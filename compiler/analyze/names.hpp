#pragma once
// Host and port definitions: collected from every loaded file, resolved on
// first use (definitions may come in any order and nest), with cycles and
// unknown names reported once where they are used.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.hpp"
#include "compiler/ir/ir.hpp"
#include "compiler/parse/load.hpp"

namespace faultc {

class NameTable {
 public:
  // `sources` holds the text of every name the program's items use.
  NameTable(const Program& program, const SourceMap& sources, Diagnostics& diagnostics);

  // The addresses an item denotes; nothing after reporting an error.
  std::optional<ir::AddressSet> addresses(const ast::AddrItem& item);
  std::optional<ir::PortSet> ports(const ast::PortItem& item);

  // Resolves the definitions nothing used, so that an unknown name or a
  // cycle inside them is still reported; they stay "unused".
  void check_unused();

  // Every definition with whether anything used it, in source order.
  std::vector<ir::Definition> definitions() const;
  // No definitions: every lookup is then a pure function of its item (an
  // unknown name is reported at each use), so tables can work side by side.
  bool empty() const { return hosts_.empty() && ports_.empty(); }

 private:
  enum class State { unresolved, resolving, resolved, failed };
  template <typename Def, typename Value>
  struct Entry {
    const Def* definition = nullptr;
    bool in_root = false;
    bool used = false;
    State state = State::unresolved;
    std::optional<Value> value;
  };

  template <typename Def, typename Value>
  void collect(std::map<std::string, Entry<Def, Value>, std::less<>>& table, const Def& def, bool in_root, const char* what);
  template <typename Table, typename Item, typename Resolve>
  auto by_name(Table& table, const Item& item, const char* what, const char* other_kind, bool defined_as_other,
               Resolve resolve) -> decltype(table.begin()->second.value);
  // A reference to a definition by its own name, at its own span.
  template <typename Item, typename Def>
  static Item named(const Def& def) {
    Item item;
    item.kind = Item::Kind::name;
    item.span = def.name_span;
    return item;
  }
  template <typename Table>
  void report_unknown(const Table& table, std::string_view name, Span at, const char* what,
                      const char* other_kind, bool defined_as_other);

  // Transparent comparison: names are looked up by the view of their text.
  std::map<std::string, Entry<ast::HostDef, ir::AddressSet>, std::less<>> hosts_;
  std::map<std::string, Entry<ast::PortDef, ir::PortSet>, std::less<>> ports_;
  const SourceMap& sources_;
  Diagnostics& diagnostics_;
};

}  // namespace faultc
