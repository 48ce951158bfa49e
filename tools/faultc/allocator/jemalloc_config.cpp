// jemalloc's settings, compiled into the faultc binary (jemalloc reads this
// symbol at its start; MALLOC_CONF in the environment still overrides it, for
// experiments). Why these, measured in docs/performance.md, "jemalloc with huge pages":
//
// - thp:always, metadata_thp:always: on the machines faultc is measured on,
//   the first touch of a 4 KiB page costs ~10 us in the kernel, and a
//   compile of 100,000 rules touches ~80 MiB: half its time went to page
//   faults. Huge pages fault 2 MiB at a time.
// - narenas:1, one arena for both threads: the second thread of a compile
//   (compiler/driver/halves.hpp) reuses what the main thread freed (the AST,
//   the IR's rules) instead of faulting fresh pages into an arena of its
//   own. With one thread per call and an arena each, 100,000 rules to nft
//   took 0.12-0.13 s and 94-97 MiB; with one arena, 0.09 s and 87.5 MiB.
// - oversize_threshold:0: by default jemalloc serves blocks of 8 MiB and
//   more (the IR's rule array, the artifact's text) from an arena of their
//   own, which neither reuses the other arenas' free memory nor shares
//   their huge pages. Serving them from the same arenas made the peak at
//   100,000 rules 2 MiB lower for every target (98.3 against 100.4 MiB to
//   iptables-restore), in the same time.
extern "C" {
// The name and type are jemalloc's (its header declares the same).
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:always,oversize_threshold:0,narenas:1";
}
