#include "compiler/fleet/cuts.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <random>
#include <variant>

namespace faultc::fleet {

namespace {

// Without `seed`, choices use this one (and the plan says so).
constexpr std::uint64_t kDefaultSeed = 1;

using Edges = std::vector<std::pair<std::size_t, std::size_t>>;

void cut_between(const std::vector<std::size_t>& senders, const std::vector<std::size_t>& receivers, Edges& edges) {
  for (const std::size_t s : senders) {
    for (const std::size_t r : receivers) {
      if (s != r) edges.emplace_back(s, r);
    }
  }
}

void cut_both_ways(const std::vector<std::size_t>& a, const std::vector<std::size_t>& b, Edges& edges) {
  cut_between(a, b, edges);
  cut_between(b, a, edges);
}

std::string names(const std::vector<std::size_t>& nodes, const Roster& roster) {
  std::vector<std::string_view> out;
  for (const std::size_t n : nodes) out.push_back(roster.nodes[n].name);
  return fmt::format("{}", fmt::join(out, ", "));
}

ir::Timing timing_of(const ast::Timing& t) {
  ir::Timing out;
  if (t.after) out.after_ms = t.after->ms, out.after_span = t.after->span;
  if (t.for_) out.for_ms = t.for_->ms, out.for_span = t.for_->span;
  if (t.every) out.every_ms = t.every->ms, out.every_span = t.every->span;
  return out;
}

struct Reader {
  const Roster& roster;
  const SourceMap& sources;
  Diagnostics& diagnostics;

  void impossible(Span at, std::string message, std::string help = {}) {
    diagnostics.push_back(make_diagnostic(Code::F044, at, std::move(message), std::move(help)));
  }

  // The sides of `A | B | C` or `A -> B`: `rest` is every node the other
  // sides leave. A node on two sides is F044.
  std::vector<std::vector<std::size_t>> sides(const ast::Partition& p) {
    std::vector<std::vector<std::size_t>> out(p.sides.size());
    std::vector<std::size_t> taken;
    for (std::size_t i = 0; i < p.sides.size(); ++i) {
      if (p.sides[i].rest) continue;
      out[i] = resolve(p.sides[i], roster, sources, {}, diagnostics);
      for (const std::size_t n : out[i]) {
        if (std::find(taken.begin(), taken.end(), n) != taken.end()) {
          impossible(p.sides[i].span, fmt::format("node `{}` is on two sides of the partition", roster.nodes[n].name),
                     "a node is on one side of a cut; write it once");
        }
        taken.push_back(n);
      }
    }
    std::sort(taken.begin(), taken.end());
    std::size_t rests = 0;
    for (std::size_t i = 0; i < p.sides.size(); ++i) {
      if (!p.sides[i].rest) continue;
      if (++rests > 1) impossible(p.sides[i].span, "`rest` can stand for one side only");
      out[i] = resolve(p.sides[i], roster, sources, taken, diagnostics);
    }
    for (std::size_t i = 0; i < p.sides.size(); ++i) {
      if (out[i].empty() && !has_errors(diagnostics)) {
        impossible(p.sides[i].span, "this side of the partition has no node", "a cut needs a node on each side");
      }
    }
    return out;
  }

  // The statement's one node set, for isolate, bridge and the ring.
  std::vector<std::size_t> one_set(const ast::Partition& p) {
    return p.sides.empty() ? std::vector<std::size_t>{} : resolve(p.sides.front(), roster, sources, {}, diagnostics);
  }

  void isolate(const ast::Partition& p, Cut& cut) {
    std::vector<std::size_t> chosen = one_set(p);
    if (p.choose) {
      const std::uint64_t seed = p.seed.value_or(kDefaultSeed);
      if (*p.choose == 0 || *p.choose >= chosen.size()) {
        impossible(p.choose_span, fmt::format("cannot isolate {} of {} nodes", *p.choose, chosen.size()),
                   "choose at least one node and fewer than the set holds");
        return;
      }
      chosen = seeded_order(chosen, seed);
      chosen.resize(*p.choose);
      std::sort(chosen.begin(), chosen.end());
      cut.choice = fmt::format("{}{}: isolates {}", partition_words(p), p.seed ? "" : " (default seed 1)",
                               names(chosen, roster));
    }
    std::vector<std::size_t> others;
    for (std::size_t i = 0; i < roster.nodes.size(); ++i) {
      if (!std::binary_search(chosen.begin(), chosen.end(), i)) others.push_back(i);
    }
    if (others.empty()) {
      impossible(p.span, "isolating every node cuts nothing off from anything else",
                 "isolate some of the nodes; the others keep talking");
      return;
    }
    cut_both_ways(chosen, others, cut.edges);
  }

  // Jepsen's bridge: two halves that cannot reach each other, and one node
  // in the middle that both reach.
  void bridge(const ast::Partition& p, Cut& cut) {
    std::vector<std::size_t> nodes = one_set(p);
    if (nodes.size() < 3) {
      impossible(p.span, fmt::format("a bridge needs at least 3 nodes; this set has {}", nodes.size()));
      return;
    }
    nodes = seeded_order(nodes, p.seed.value_or(kDefaultSeed));
    const std::size_t middle = nodes.size() / 2;
    std::vector<std::size_t> first(nodes.begin(), nodes.begin() + static_cast<std::ptrdiff_t>(middle));
    std::vector<std::size_t> second(nodes.begin() + static_cast<std::ptrdiff_t>(middle) + 1, nodes.end());
    std::sort(first.begin(), first.end());
    std::sort(second.begin(), second.end());
    cut_both_ways(first, second, cut.edges);
    cut.choice = fmt::format("{}{}: {} | {} | {}, with {} reaching both", partition_words(p),
                             p.seed ? "" : " (default seed 1)", names(first, roster),
                             roster.nodes[nodes[middle]].name, names(second, roster),
                             roster.nodes[nodes[middle]].name);
  }

  // Jepsen's majorities ring: the nodes in a seeded ring, each seeing the
  // majority centred on it and dropping the packets of the others. With an
  // even number of nodes from 6 the majority cannot be centred: a node sees
  // one more after it than before it, so some edges are cut one way only
  // (as in Jepsen; over TCP a one-way cut fails both ways).
  void majorities_ring(const ast::Partition& p, Cut& cut) {
    std::vector<std::size_t> ring = one_set(p);
    const std::size_t n = ring.size();
    if (n < 3) {
      impossible(p.span, fmt::format("a majorities ring needs at least 3 nodes; this set has {}", n));
      return;
    }
    ring = seeded_order(ring, p.seed.value_or(kDefaultSeed));
    const std::size_t majority = n / 2 + 1;
    for (std::size_t i = 0; i < n; ++i) {
      // Sees itself, (majority - 1) / 2 before it and the rest after it.
      const std::size_t before = (majority - 1) / 2, after = majority - 1 - before;
      for (std::size_t k = after + 1; k < n - before; ++k) cut.edges.emplace_back(ring[(i + k) % n], ring[i]);
    }
    cut.choice = fmt::format("{}{}: the ring {}", partition_words(p), p.seed ? "" : " (default seed 1)",
                             names(ring, roster));
  }

  std::string partition_words(const ast::Partition& p) const {
    return std::string(sources.text(Span{p.span.file, p.span.begin, p.sides.empty() ? p.span.end
                                                                                    : p.sides.front().span.end}));
  }
};

}  // namespace

std::vector<std::size_t> seeded_order(std::vector<std::size_t> nodes, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  for (std::size_t i = nodes.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(engine() % i);
    std::swap(nodes[i - 1], nodes[j]);
  }
  return nodes;
}

Result<std::vector<Cut>> read_cuts(const Program& program, const Roster& roster, const SourceMap& sources) {
  Result<std::vector<Cut>> result;
  std::vector<Cut> cuts;
  Reader reader{roster, sources, result.diagnostics};
  for (const auto& file : program.files) {
    for (const auto& s : file.statements) {
      const auto* p = std::get_if<ast::Partition>(&s);
      if (p == nullptr) continue;
      Cut cut;
      cut.statement = p;
      cut.timing = timing_of(p->timing);
      switch (p->kind) {
        case ast::PartitionKind::split: {
          const auto sides = reader.sides(*p);
          for (std::size_t i = 0; i < sides.size(); ++i) {
            for (std::size_t j = i + 1; j < sides.size(); ++j) cut_both_ways(sides[i], sides[j], cut.edges);
          }
          break;
        }
        case ast::PartitionKind::one_way: {
          const auto sides = reader.sides(*p);
          if (sides.size() == 2) cut_between(sides[0], sides[1], cut.edges);
          break;
        }
        case ast::PartitionKind::isolate: reader.isolate(*p, cut); break;
        case ast::PartitionKind::bridge: reader.bridge(*p, cut); break;
        case ast::PartitionKind::majorities_ring: reader.majorities_ring(*p, cut); break;
      }
      std::sort(cut.edges.begin(), cut.edges.end());
      cut.edges.erase(std::unique(cut.edges.begin(), cut.edges.end()), cut.edges.end());
      for (const auto& [s_, r] : cut.edges) cut.nodes.push_back(s_), cut.nodes.push_back(r);
      std::sort(cut.nodes.begin(), cut.nodes.end());
      cut.nodes.erase(std::unique(cut.nodes.begin(), cut.nodes.end()), cut.nodes.end());
      cuts.push_back(std::move(cut));
    }
  }
  result.value = std::move(cuts);
  return result;
}

}  // namespace faultc::fleet
