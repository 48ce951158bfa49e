#pragma once
// The abstract syntax tree of one .fault file: what the user wrote, with
// literals decoded and every node carrying its source span. Names are not
// resolved here; that is analyze's job.
//
// A file can hold a million rules, so a rule is kept small: text the source
// already holds (names, literals as written) is not copied but read back
// through the node's span (`SourceMap::text`; the SourceMap outlives every
// AST), and the parts few rules use (`between`, `on`, timing, a limit's rate
// and burst, a log prefix) are boxed, so that a rule without them pays one
// pointer each.
#include <algorithm>
#include <array>
#include <bit>
#include <compare>
#include <cstddef>
#include <iterator>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "compiler/parse/protocols.hpp"
#include "compiler/source/source.hpp"

namespace faultc::ast {

enum class Family : std::uint8_t { ipv4, ipv6 };
enum class Direction : std::uint8_t { inbound, outbound, forwarded };

// TCP header flag bits, in header order.
namespace tcp_flag {
inline constexpr std::uint8_t fin = 0x01, syn = 0x02, rst = 0x04, psh = 0x08, ack = 0x10, urg = 0x20,
                              ece = 0x40, cwr = 0x80;
inline constexpr std::uint8_t classic = 0x3F;  // FIN..URG: iptables' ALL
}  // namespace tcp_flag

// An address literal's value; its text as written (prefix included) is that
// of the AddrItem's span.
struct Address {
  Family family = Family::ipv4;
  std::optional<std::uint8_t> prefix;    // `/n` when written
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4
};

// An address, a host name, or a `{ set }` of those. The name of a
// kind == name item is the text of its span.
struct AddrItem {
  enum class Kind : std::uint8_t { literal, name, set } kind = Kind::literal;
  Address address;  // kind == literal
  Span span;
  std::unique_ptr<std::vector<AddrItem>> set;  // kind == set: its elements, boxed as few items are sets

  // The elements of a set; none for a literal or a name.
  std::span<const AddrItem> items() const { return set ? std::span<const AddrItem>(*set) : std::span<const AddrItem>(); }
};

struct AddrMatch {
  AddrItem value;
  Span span;
  bool negated = false;  // `not ADDR`
};

// A port, a range `a-b`, a port name, or a `{ set }` of those. The name of a
// kind == name item is the text of its span.
struct PortItem {
  enum class Kind : std::uint8_t { range, name, set } kind = Kind::range;
  std::uint32_t low = 0, high = 0;  // kind == range; single port: low == high
  Span span;
  std::unique_ptr<std::vector<PortItem>> set;  // kind == set: its elements, boxed as few items are sets

  // The elements of a set; none for a range or a name.
  std::span<const PortItem> items() const { return set ? std::span<const PortItem>(*set) : std::span<const PortItem>(); }
};

struct Endpoint {
  std::optional<AddrMatch> address;
  std::optional<PortItem> port;
  Span span;
};

// The interface's name is the text of its span.
struct Interface {
  Span span;
};

struct Between {
  AddrMatch first, second;
  Span span;
};

struct Selector {
  std::optional<Direction> direction;
  Protocols protocols;  // as listed: `tcp, udp`
  Span protocol_span;   // the whole list
  std::optional<Endpoint> from, to;
  std::unique_ptr<Interface> on;  // boxed, as are `between` and `with`: few rules have them
  std::unique_ptr<Between> between;
  std::unique_ptr<Endpoint> with;  // `with ADDR [port P]`: its address is always there
  Span span;
};

// How a `length` pattern was written: `length 1500`, `length 1000-1500`,
// `length < 100`, `length > 1400`.
enum class LengthOp : std::uint8_t { equal, range, less, greater };

struct Pattern {
  enum class Kind : std::uint8_t { flags, badflags, state_new, state_established, data, rest, icmp, length } kind =
      Kind::flags;
  // kind == flags: exactly `value` of the bits in `mask` are set. A plain
  // combination (`SYN+ACK`) has no explicit mask; analyze supplies the six
  // classic flags plus any ECE/CWR it names.
  std::uint8_t value = 0;
  std::optional<std::uint8_t> mask;
  Span span;
  // Where the first mask item after `,` that repeats a flag of the mask so
  // far begins (`flags SYN of SYN,ACK, ACK`: the second ACK); 0 for none.
  // The mask takes every flag name that follows, so such an item was most
  // likely meant as a pattern of its own (lint W109).
  std::uint32_t mask_repeat = 0;
  // kind == icmp: the message's index in icmp_names() (parse/icmp_types.hpp)
  // and its `code N`, when written.
  std::uint8_t icmp_name = 0;
  std::optional<std::uint8_t> icmp_code;
  // kind == length: the numbers as written (`less`, `greater` and `equal`
  // use length_low only), each 1-65535.
  LengthOp length_op = LengthOp::equal;
  std::uint16_t length_low = 0, length_high = 0;
};

enum class RejectKind : std::uint8_t { tcp_reset, icmp_port_unreachable, icmp_host_unreachable, icmp_admin_prohibited };

// A limit's buckets, when not one for every packet: one per source
// address, or one per connection (source and destination address and port).
enum class LimitPer : std::uint8_t { source, connection };

// `per source` / `per connection` as written.
struct Per {
  LimitPer per = LimitPer::source;
  Span span;
};

// Rates, bursts and probabilities read as written are the text of their span.
struct Rate {
  double amount = 0;      // as written, scaled by its unit (packets or bytes)
  bool bytes = false;     // a byte rate (`1mbyte/s`) rather than packets
  std::uint64_t period_ms = 1000;
  Span span;
  // The limit's `per source` / `per connection`, written after its rate
  // and burst: kept with the rate, which only a limit has (and is boxed).
  std::optional<Per> per;
};

struct Burst {
  std::uint64_t amount = 0;  // packets, or bytes when `bytes`
  bool bytes = false;
  Span span;
};

struct Probability {
  std::uint32_t per_million = 0;  // 30% == 300000
  Span span;
};

struct LogPrefix {
  std::string text;  // decoded
  Span span;
};

struct Action {
  enum class Kind : std::uint8_t { allow, drop, reject, limit, log, half_open, blackhole } kind = Kind::drop;
  std::optional<RejectKind> reject_with;
  std::optional<Probability> probability;  // drop P%
  Span span;
  std::vector<Pattern> patterns;  // empty means every packet the rule sees
  std::unique_ptr<Rate> rate;     // limit; boxed, as are the burst and the prefix
  std::unique_ptr<Burst> burst;   // limit ... burst N
  std::unique_ptr<LogPrefix> log_prefix;
};

struct Duration {
  std::uint64_t ms = 0;
  Span span;
};

struct Timing {
  std::optional<Duration> after, for_, every;
};

struct Rule {
  Selector selector;
  std::vector<Action> actions;
  std::unique_ptr<Timing> timing;  // absent when the rule has no `after`, `for` or `every`
  Span span;
  bool block = false;  // written as `{ ... }`
};

struct Scenario {
  std::string name;
  Span name_span;
  Span span;
};

struct HostDef {
  std::string name;
  Span name_span;
  AddrItem value;
  Span span;
};

struct PortDef {
  std::string name;
  Span name_span;
  PortItem value;
  Span span;
};

struct Priority {
  std::int64_t value = 0;
  Span span;
};

struct Include {
  std::string path;
  Span path_span;
  Span span;
};

// `for D` alone on a line: the scenario's life. `for ever` has no duration.
struct Life {
  std::optional<Duration> duration;
  Span span;
};

enum class ConnState : std::uint8_t { new_, established };

struct PacketEndpoint {
  std::optional<AddrItem> address;  // a literal or a host name
  std::optional<PortItem> port;     // a single port or a port name
  Span span;
};

struct Packet {
  std::optional<Direction> direction;
  std::optional<Protocol> protocol;
  std::optional<PacketEndpoint> from, to;
  std::optional<Interface> on;
  std::optional<std::uint8_t> flags;
  std::optional<ConnState> state;
  bool data = false;
  std::optional<std::uint8_t> icmp_name;  // an ICMP message: its index in icmp_names()
  std::optional<std::uint8_t> icmp_code;  // its `code N`
  Span icmp_span;
  std::optional<std::uint16_t> length;    // the whole IP packet, in bytes
  Span length_span;
  Span span;
};

enum class Verdict : std::uint8_t { allowed, dropped, rejected };

struct Expect {
  Packet packet;
  Verdict verdict = Verdict::allowed;
  std::optional<Duration> at;
  Span span;
};

// `protect SELECTOR`: the packets the selector matches, and the replies
// to them, pass every rule of the scenario.
struct Protect {
  Selector selector;
  Span span;
};

// What the scenario protects unless told otherwise (`expose WHAT`).
enum class DefaultProtection : std::uint8_t { loopback, neighbour_discovery };

// `expose loopback`, `expose neighbour-discovery`: gives up a default
// protection, so that the rules may act on it.
struct Expose {
  DefaultProtection what = DefaultProtection::loopback;
  Span span;
};

// ---------------------------------------------------------------- fleets
// The statements of a fleet file (compiler/fleet turns them into one
// single-host scenario per node). Names are read back through their spans.

// Nodes as a partition, an `at` or a group names them: node or group names,
// a `{ set }` of them, or `rest` (every node no other side of the statement
// names).
struct NodeSet {
  std::vector<Span> names;
  bool rest = false;
  Span span;
};

// `role db`: a word and its value.
struct Attribute {
  Span key, value;
};

// `node NAME = ADDRESS [ATTRIBUTE VALUE]...`
struct NodeDef {
  std::string name;
  Span name_span;
  AddrItem address;  // a literal or a `{ set }` of literals
  std::vector<Attribute> attributes;
  Span span;
};

// `group NAME = NODES` or `group NAME = role db and zone a`: members by
// name, or every node with all of the attributes.
struct GroupDef {
  std::string name;
  Span name_span;
  std::optional<NodeSet> members;
  std::vector<Attribute> attributes;
  Span span;
};

// `controller ADDRESS`: the node Ansible runs from; every node protects SSH
// from it.
struct Controller {
  AddrItem address;
  Span span;
};

enum class PartitionKind : std::uint8_t { split, one_way, isolate, bridge, majorities_ring };

// `partition A | B`, `partition A -> B`, `isolate [N of] NODES`, `bridge
// NODES`, `majorities ring NODES`, each with an optional `seed N` and the
// rule timing (`after`, `for`, `every`).
struct Partition {
  PartitionKind kind = PartitionKind::split;
  std::vector<NodeSet> sides;  // split: two or more; one_way: from, to; the others: one
  std::optional<std::uint32_t> choose;  // isolate's `one of` (1) or `N of`
  Span choose_span;
  std::optional<std::uint64_t> seed;
  Span seed_span;
  Timing timing;
  Span span;
};

// `at NODES ...`: the `count` statements before it in the file (from index
// `first`) hold on those nodes only. It follows its statements, since it is
// complete only when they are.
struct At {
  NodeSet nodes;
  std::uint32_t first = 0, count = 0;
  Span span;
};

using Statement = std::variant<Scenario, HostDef, PortDef, Priority, Include, Life, Rule, Expect, Protect, Expose,
                               NodeDef, GroupDef, Controller, Partition, At>;

struct Comment {
  Span span;  // from `#` to the end of the line
};

// A file's statements in order, in blocks of many statements: statements
// are big and a file can have a million, so growing never moves one. Reads
// as a sequence of Statement.
//
// Blocks, not a heap block per statement: freed as analysis consumes them
// (release), a block is one large free range the later stages' allocations
// fit in. jemalloc does not join the small ranges of statements freed one
// by one into larger ones, so the lowering and printing that follow could
// not reuse them and touched fresh memory instead (docs/performance.md,
// "jemalloc with huge pages").
class Statements {
  struct Block {
    std::vector<Statement> items;  // reserved up front, never grown beyond: statements do not move
    std::size_t live = 0;  // added and not released
  };
  struct Slot {
    Statement* statement = nullptr;  // null once released
    Block* block = nullptr;
  };
  using Slots = std::vector<Slot>;
  // The first block is small (most files have a few statements); each next
  // one twice the last, up to this many.
  static constexpr std::size_t kFirstBlock = 16, kLargestBlock = 1024;

 public:
  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Statement;
    using difference_type = std::ptrdiff_t;
    using pointer = const Statement*;
    using reference = const Statement&;

    const_iterator() = default;
    explicit const_iterator(Slots::const_iterator at) : at_(at) {}
    reference operator*() const { return *at_->statement; }
    pointer operator->() const { return at_->statement; }
    reference operator[](difference_type n) const { return *at_[n].statement; }
    const_iterator& operator++() { ++at_; return *this; }
    const_iterator operator++(int) { return const_iterator(at_++); }
    const_iterator& operator--() { --at_; return *this; }
    const_iterator operator--(int) { return const_iterator(at_--); }
    const_iterator& operator+=(difference_type n) { at_ += n; return *this; }
    const_iterator& operator-=(difference_type n) { at_ -= n; return *this; }
    friend const_iterator operator+(const_iterator i, difference_type n) { return i += n; }
    friend const_iterator operator+(difference_type n, const_iterator i) { return i += n; }
    friend const_iterator operator-(const_iterator i, difference_type n) { return i -= n; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) { return a.at_ - b.at_; }
    friend bool operator==(const const_iterator&, const const_iterator&) = default;
    friend auto operator<=>(const const_iterator&, const const_iterator&) = default;

   private:
    Slots::const_iterator at_;
  };

  const_iterator begin() const { return const_iterator(slots_.begin()); }
  const_iterator end() const { return const_iterator(slots_.end()); }
  std::size_t size() const { return slots_.size(); }
  bool empty() const { return slots_.empty(); }
  const Statement& operator[](std::size_t i) const { return *slots_[i].statement; }

  // Adds a statement built in place, as alternative T, and returns it.
  template <typename T>
  T& emplace_back() {
    return std::get<T>(add(std::in_place_type<T>));
  }
  void push_back(Statement statement) { add(std::move(statement)); }
  // Frees statement i, for a reader that is done with it and reads each
  // statement once (analyze, consuming a big file's rules as it goes): it
  // must not be read again, and clear() ends the sequence. What the
  // statement holds is freed now; its block, with its last statement.
  void release(std::size_t i) {
    Slot& slot = slots_[i];
    if (slot.statement == nullptr) return;
    slot.statement->emplace<Scenario>();  // the cheapest alternative
    slot.statement = nullptr;
    // The last release frees the block.
    if (--slot.block->live == 0) slot.block->items = std::vector<Statement>();
  }
  void clear() {  // and gives back the blocks
    slots_ = Slots();
    blocks_ = std::vector<std::unique_ptr<Block>>();
  }

 private:
  template <typename... Args>
  Statement& add(Args&&... args) {
    if (blocks_.empty() || blocks_.back()->items.size() == blocks_.back()->items.capacity()) {
      const std::size_t size =
          blocks_.empty() ? kFirstBlock : std::clamp(2 * blocks_.back()->items.capacity(), kFirstBlock, kLargestBlock);
      blocks_.push_back(std::make_unique<Block>());
      blocks_.back()->items.reserve(size);
    }
    Block& block = *blocks_.back();
    // The slot first: if either allocation fails, nothing is half added.
    Slot& slot = slots_.emplace_back(Slot{nullptr, &block});
    try {
      slot.statement = &block.items.emplace_back(std::forward<Args>(args)...);
    } catch (...) {
      slots_.pop_back();
      throw;
    }
    ++block.live;
    return *slot.statement;
  }

  Slots slots_;
  std::vector<std::unique_ptr<Block>> blocks_;
};

struct File {
  FileId file = 0;
  Statements statements;
  std::vector<Comment> comments;
};

}  // namespace faultc::ast
