#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds: the lab's fixtures, the converted
# format files, and (when this machine has it) the public corpus in
# shared/corpus/public. The seeds are copied, never committed (.gitignore).
set -euo pipefail
cd "$(dirname "$0")"
PUBLIC="${POSTSCOPE_CORPUS:-../../shared/corpus/public}"
[ -d "$PUBLIC" ] || PUBLIC=/work/shared/corpus/public
for target in analyze chunked; do
  mkdir -p "corpus/$target"
  find ../tests/fixtures -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.gz' \) -exec cp -t "corpus/$target" {} +
  if [ -d "$PUBLIC" ]; then
    # Keep seeds small enough to mutate quickly; the big ones add nothing new.
    find "$PUBLIC" -type f ! -name '*.txt' ! -name '*.md' -size -200k | while read -r f; do
      cp "$f" "corpus/$target/public-$(basename "$(dirname "$f")")-$(basename "$f")"
    done
  fi
done
# inspect: the messages the fixtures and the corpus carry, as .eml files
# written by the CLI's --extract.
mkdir -p corpus/inspect
eml=$(mktemp -d)
cargo build -q --release -p postscope --manifest-path ../Cargo.toml
for f in ../tests/fixtures/*.pcap* $( [ -d "$PUBLIC" ] && find "$PUBLIC" -type f ! -name '*.txt' ! -name '*.md' ); do
  ../target/release/postscope --extract "$eml/$(basename "$f")" "$f" > /dev/null 2>&1 || true
done
find "$eml" -name '*.eml' -size -256k | while read -r m; do cp "$m" "corpus/inspect/$(echo "$m" | md5sum | cut -c1-16).eml"; done
rm -rf "$eml"
ls corpus/analyze | wc -l
ls corpus/inspect | wc -l
