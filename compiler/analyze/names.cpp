#include "compiler/analyze/names.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "compiler/net/address_math.hpp"
#include "compiler/diagnostics/spell.hpp"

namespace faultc {

NameTable::NameTable(const Program& program, const SourceMap& sources, Diagnostics& diagnostics)
    : sources_(sources), diagnostics_(diagnostics) {
  for (const ast::File& file : program.files) {
    const bool in_root = file.file == program.root;
    for (const auto& statement : file.statements) {
      if (const auto* host = std::get_if<ast::HostDef>(&statement)) collect(hosts_, *host, in_root, "host");
      if (const auto* port = std::get_if<ast::PortDef>(&statement)) collect(ports_, *port, in_root, "port");
    }
  }
}

template <typename Def, typename Value>
void NameTable::collect(std::map<std::string, Entry<Def, Value>, std::less<>>& table, const Def& def, bool in_root,
                        const char* what) {
  auto [it, inserted] = table.try_emplace(def.name);
  if (!inserted) {
    Diagnostic d = make_diagnostic(Code::F011, def.name_span, fmt::format("{} `{}` is defined twice", what, def.name),
                                   "give one of them another name");
    d.notes.push_back({it->second.definition->name_span, "first defined here"});
    diagnostics_.push_back(std::move(d));
    return;
  }
  it->second.definition = &def;
  it->second.in_root = in_root;
}

template <typename Table>
void NameTable::report_unknown(const Table& table, std::string_view name, Span at, const char* what,
                               const char* other_kind, bool defined_as_other) {
  std::vector<std::string_view> candidates;
  for (const auto& [candidate, entry] : table) candidates.push_back(candidate);
  std::string help;
  if (defined_as_other) {
    help = fmt::format("`{}` is a {} name, not a {} name", name, other_kind, what);
  } else if (auto suggestion = closest_match(name, candidates)) {
    help = fmt::format("did you mean `{}`?", *suggestion);
  } else {
    help = fmt::format("define it with `{} {} = ...`", what, name);
  }
  diagnostics_.push_back(make_diagnostic(Code::F010, at, fmt::format("unknown {} `{}`", what, name), std::move(help)));
}

// A name's value, resolved on first use; a definition that reaches itself
// again while being resolved is a cycle.
template <typename Table, typename Item, typename Resolve>
auto NameTable::by_name(Table& table, const Item& item, const char* what, const char* other_kind,
                        bool defined_as_other, Resolve resolve) -> decltype(table.begin()->second.value) {
  const std::string_view name = sources_.text(item.span);
  auto it = table.find(name);
  if (it == table.end()) {
    report_unknown(table, name, item.span, what, other_kind, defined_as_other);
    return std::nullopt;
  }
  auto& entry = it->second;
  entry.used = true;
  switch (entry.state) {
    case State::resolved: return entry.value;
    case State::failed: return std::nullopt;
    case State::resolving:
      diagnostics_.push_back(make_diagnostic(Code::F012, item.span,
                                             fmt::format("{} `{}` is defined in terms of itself", what, name),
                                             fmt::format("a {0} set may include other {0}s, but not in a cycle", what)));
      entry.state = State::failed;
      return std::nullopt;
    case State::unresolved: break;
  }
  entry.state = State::resolving;
  auto value = resolve(*entry.definition);
  if (entry.state == State::failed) return std::nullopt;
  entry.state = value ? State::resolved : State::failed;
  entry.value = std::move(value);
  return entry.value;
}

std::optional<ir::AddressSet> NameTable::addresses(const ast::AddrItem& item) {
  switch (item.kind) {
    case ast::AddrItem::Kind::literal: {
      ir::AddressSet set;
      add_address(set, item.address);
      set.normalize();
      return set;
    }
    case ast::AddrItem::Kind::set: {
      ir::AddressSet set;
      bool ok = true;
      for (const auto& element : item.items()) {
        if (auto value = addresses(element)) {
          set.v4.add(value->v4);
          set.v6.add(value->v6);
        } else {
          ok = false;
        }
      }
      set.normalize();
      return ok ? std::optional(std::move(set)) : std::nullopt;
    }
    case ast::AddrItem::Kind::name: break;
  }
  return by_name(hosts_, item, "host", "port", ports_.contains(sources_.text(item.span)),
                 [this](const ast::HostDef& def) { return addresses(def.value); });
}

std::optional<ir::PortSet> NameTable::ports(const ast::PortItem& item) {
  switch (item.kind) {
    case ast::PortItem::Kind::range: {
      ir::PortSet set;
      set.add(static_cast<std::uint16_t>(item.low), static_cast<std::uint16_t>(item.high));
      return set;
    }
    case ast::PortItem::Kind::set: {
      ir::PortSet set;
      bool ok = true;
      for (const auto& element : item.items()) {
        if (auto value = ports(element)) {
          set.add(*value);
        } else {
          ok = false;
        }
      }
      set.normalize();
      return ok ? std::optional(std::move(set)) : std::nullopt;
    }
    case ast::PortItem::Kind::name: break;
  }
  return by_name(ports_, item, "port", "host", hosts_.contains(sources_.text(item.span)),
                 [this](const ast::PortDef& def) { return ports(def.value); });
}

void NameTable::check_unused() {
  // Resolving marks what it reaches as used; only real uses should count.
  std::map<std::string, bool> hosts_used, ports_used;
  for (const auto& [name, entry] : hosts_) hosts_used[name] = entry.used;
  for (const auto& [name, entry] : ports_) ports_used[name] = entry.used;
  auto resolve_unresolved = [](auto& table, auto resolve) {
    for (auto& [name, entry] : table) {
      if (entry.state == State::unresolved) (void)resolve(*entry.definition);
    }
  };
  resolve_unresolved(hosts_, [this](const ast::HostDef& def) {
    return by_name(hosts_, named<ast::AddrItem>(def), "host", "port", false,
                   [this](const ast::HostDef& d) { return addresses(d.value); });
  });
  resolve_unresolved(ports_, [this](const ast::PortDef& def) {
    return by_name(ports_, named<ast::PortItem>(def), "port", "host", false,
                   [this](const ast::PortDef& d) { return ports(d.value); });
  });
  for (auto& [name, entry] : hosts_) entry.used = hosts_used[name];
  for (auto& [name, entry] : ports_) entry.used = ports_used[name];
}

std::vector<ir::Definition> NameTable::definitions() const {
  std::vector<ir::Definition> out;
  for (const auto& [name, entry] : hosts_) {
    out.push_back({ir::Definition::Kind::host, name, entry.definition->name_span, entry.used, entry.in_root});
  }
  for (const auto& [name, entry] : ports_) {
    out.push_back({ir::Definition::Kind::port, name, entry.definition->name_span, entry.used, entry.in_root});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.span.file, a.span.begin) < std::tie(b.span.file, b.span.begin);
  });
  return out;
}

}  // namespace faultc
