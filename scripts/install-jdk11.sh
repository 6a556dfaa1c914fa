#!/usr/bin/env bash
# Unpacks Debian bullseye's OpenJDK 11 into .cache/jdk-11 (no system install, no root needed
# once cached). Prints the JDK's home on stdout. Idempotent: a second run only prints the path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache"
home="$cache/jdk-11/usr/lib/jvm/java-11-openjdk-amd64"
if [ -x "$home/bin/java" ] && "$home/bin/java" -version >/dev/null 2>&1; then
  echo "$home"; exit 0
fi
apt_dir="$cache/apt-bullseye"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$cache/debs"
echo "deb http://deb.debian.org/debian bullseye main" >"$apt_dir/sources.list"
echo "deb http://deb.debian.org/debian-security bullseye-security main" >>"$apt_dir/sources.list"
# A private apt state: the machine's own sources and package lists stay untouched.
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=-"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::Archives=$apt_dir/archives"
          -o "Acquire::Languages=none" -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" -qq update >&2
(cd "$cache/debs" && apt-get "${apt_opts[@]}" -qq download openjdk-11-jre-headless openjdk-11-jdk-headless >&2)
rm -rf "$cache/jdk-11"
for deb in "$cache"/debs/openjdk-11-*.deb; do dpkg -x "$deb" "$cache/jdk-11"; done
# dpkg -x keeps absolute symlinks (e.g. conf/security/java.security -> /etc/java-11-openjdk/...),
# which point nowhere outside an installed system: re-point them into the unpacked tree.
find "$cache/jdk-11" -type l | while read -r link; do
  target="$(readlink "$link")"
  case "$target" in
    /*) if [ -e "$cache/jdk-11$target" ]; then ln -sfn "$cache/jdk-11$target" "$link"; fi ;;
  esac
done
"$home/bin/java" -version >&2
echo "$home"
