#pragma once
// A vector of trivially copyable values that keeps as many of them as fit
// in the room of its heap pointer inside itself: two port ranges, one IPv4
// interval. Most address and port sets of a big policy hold one element,
// and a std::vector costs each of them an allocation (32 bytes or more with
// its header) and 24 bytes of its own; this is 16 bytes and no allocation.
// Values too large for the room are always on the heap, still in 16 bytes.
// The standard library has no such container (std::inplace_vector does not
// spill to the heap), nor have fmt, PEGTL or CLI11 one for general use.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace faultc {

template <typename T>
class SmallVector {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "elements are moved with memcpy");

 public:
  // Elements kept inside: those that fit where the heap pointer would be.
  static constexpr std::uint32_t inline_capacity = sizeof(T*) / sizeof(T);

  SmallVector() = default;
  SmallVector(std::initializer_list<T> values) { assign(values.begin(), values.end()); }
  SmallVector(const SmallVector& other) { assign(other.begin(), other.end()); }
  SmallVector(SmallVector&& other) noexcept { take(other); }
  SmallVector& operator=(const SmallVector& other) {
    if (this != &other) {
      clear();
      assign(other.begin(), other.end());
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& other) noexcept {
    if (this != &other) {
      release();
      take(other);
    }
    return *this;
  }
  ~SmallVector() { release(); }

  T* data() { return on_heap() ? heap() : reinterpret_cast<T*>(room_); }
  const T* data() const { return on_heap() ? heap() : reinterpret_cast<const T*>(room_); }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return data()[i]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  T& back() { return data()[size_ - 1]; }
  const T& back() const { return data()[size_ - 1]; }

  void push_back(const T& value) {
    const T copy = value;  // `value` may be one of the elements, which growing frees
    // Doubling, as std::vector does, from one element for a type that does
    // not fit the room: most lists hold one (a rule's address prefix), and
    // a first allocation of four took 144 bytes for 32 (9.6 MB at 100,000
    // rules).
    if (size_ == capacity_) grow(std::max<std::uint32_t>(1, capacity_ * 2));
    ::new (static_cast<void*>(data() + size_)) T(copy);
    ++size_;
  }
  void reserve(std::size_t n) {
    if (n > capacity_) grow(static_cast<std::uint32_t>(n));
  }
  // Shrinks to `n` elements, or grows with default-constructed ones.
  void resize(std::size_t n) {
    reserve(n);
    for (std::size_t i = size_; i < n; ++i) ::new (static_cast<void*>(data() + i)) T();
    size_ = static_cast<std::uint32_t>(n);
  }
  void clear() { size_ = 0; }

  friend bool operator==(const SmallVector& a, const SmallVector& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  bool on_heap() const { return capacity_ > inline_capacity; }
  T* heap() const {
    T* p;
    std::memcpy(&p, room_, sizeof p);
    return p;
  }
  void set_heap(T* p) { std::memcpy(room_, &p, sizeof p); }

  template <typename It>
  void assign(It first, It last) {
    reserve(static_cast<std::size_t>(last - first));
    for (; first != last; ++first) push_back(*first);
  }
  void grow(std::uint32_t capacity) {
    T* fresh = std::allocator<T>().allocate(capacity);
    if (on_heap()) {
      std::memcpy(static_cast<void*>(fresh), heap(), sizeof(T) * size_);
    } else if constexpr (inline_capacity > 0) {
      // The whole room, which holds every inline element: `capacity` is
      // past the inline capacity, so `fresh` has space for it (and g++
      // cannot tell that size_ is within the room when given size_).
      std::memcpy(static_cast<void*>(fresh), room_, sizeof room_);
    }
    release();
    set_heap(fresh);
    capacity_ = capacity;
  }
  void release() {
    if (on_heap()) std::allocator<T>().deallocate(heap(), capacity_);
    capacity_ = inline_capacity;
  }
  // Leaves `other` empty; `*this` holds nothing on the heap.
  void take(SmallVector& other) {
    std::memcpy(room_, other.room_, sizeof room_);
    size_ = other.size_;
    capacity_ = other.capacity_;
    other.size_ = 0;
    other.capacity_ = inline_capacity;
  }

  // The inline elements, or the heap pointer once they spill.
  alignas(std::max(alignof(T*), inline_capacity > 0 ? alignof(T) : alignof(T*))) unsigned char room_[sizeof(T*)]{};
  std::uint32_t size_ = 0;
  std::uint32_t capacity_ = inline_capacity;
};

}  // namespace faultc
