# The golden cases, shared by the test and by scripts/update-golden.sh:
# every example for every target. Restore files are bound to a fixed
# --start so that timed examples compile and the output never changes.
# Each line: NAME ARGS... (NAME is the golden file under tests/golden/EXAMPLE/)
golden_cases() {
  echo "nft -t nft"
  echo "iptables.sh -t iptables"
  echo "iptables-restore -t iptables-restore --start 2026-01-01T00:00:00Z"
  echo "ip6tables-restore -t ip6tables-restore --start 2026-01-01T00:00:00Z"
  echo "iptables-restore.teardown -t iptables-restore --teardown"
  echo "nft.teardown -t nft --teardown"
}
