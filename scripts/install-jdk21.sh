#!/usr/bin/env bash
# Unpacks Debian trixie's OpenJDK 21 into .cache/jdk-21 (no system install, no root needed once
# cached) and prints the JDK's home on stdout. Idempotent: a second run only prints the path.
#
# Trixie's JDK needs glibc 2.38, newer than this machine's, so trixie's own libc6 is unpacked
# next to it and every JDK executable runs through trixie's dynamic loader:
#   ROOT/usr/lib64/ld-linux-x86-64.so.2 --library-path ROOT/usr/lib/x86_64-linux-gnu:HOME/lib HOME/bin-elf/java
# The real ELF launchers move from HOME/bin to HOME/bin-elf, and HOME/bin gets a small wrapper
# script of the same name for each (java, javac, jcmd, ...). HOME stays the directory the JVM
# reports as java.home (it finds itself through lib/libjli.so), so a program that forks
# java.home/bin/java, and the tests, use it like any other JDK. --library-path (not
# LD_LIBRARY_PATH) keeps trixie's libraries out of the environment of the programs the JVM starts.
#
# Runtime.exec / ProcessBuilder: the JDK posix_spawns HOME/lib/jspawnhelper, which needs the same
# loader; it gets the same kind of wrapper (the real one moves to HOME/bin-elf/jspawnhelper). The
# wrapper execs, so the descriptors the JDK hands to jspawnhelper stay open, and the default
# launch mechanism works unchanged (-Djdk.lang.Process.launchMechanism=FORK or VFORK also work:
# they do not use jspawnhelper at all).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache"
dest="$cache/jdk-21"
home="$dest/usr/lib/jvm/java-21-openjdk-amd64"
if [ -x "$home/bin/java" ] && "$home/bin/java" -version >/dev/null 2>&1; then
  echo "$home"; exit 0
fi
# .cache may be shared by several checkouts: one install at a time, and the one that waited
# finds the JDK in place.
mkdir -p "$cache"
exec 9>"$cache/jdk-21.lock"
flock 9
if [ -x "$home/bin/java" ] && "$home/bin/java" -version >/dev/null 2>&1; then
  echo "$home"; exit 0
fi
apt_dir="$cache/apt-trixie"
debs="$apt_dir/debs"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$debs"
echo "deb http://deb.debian.org/debian trixie main" >"$apt_dir/sources.list"
echo "deb http://deb.debian.org/debian-security trixie-security main" >>"$apt_dir/sources.list"
# A private apt state: the machine's own sources and package lists stay untouched.
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=-"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache::Archives=$apt_dir/archives"
          -o "Acquire::Languages=none" -o "APT::Sandbox::User=root")
apt-get "${apt_opts[@]}" -qq update >&2
rm -f "$debs"/*.deb
(cd "$debs" && apt-get "${apt_opts[@]}" -qq download libc6 openjdk-21-jre-headless openjdk-21-jdk-headless >&2)

# Unpacked beside the final place and moved there at the end: .cache may be shared, and a
# half-unpacked JDK must never be found by a test run in the meantime.
work="$(mktemp -d "$cache/jdk-21.partial.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for deb in "$debs"/*.deb; do dpkg -x "$deb" "$work"; done
# dpkg -x keeps absolute symlinks (e.g. conf/security/java.security -> /etc/java-21-openjdk/...),
# which point nowhere outside an installed system: re-point them into the unpacked tree, relative,
# so they survive the move below. Links to files the tree does not have (lib/security/cacerts ->
# /etc/ssl/certs/java/cacerts) keep pointing at the machine's own.
find "$work" -type l | while read -r link; do
  target="$(readlink "$link")"
  case "$target" in
    /*) if [ -e "$work$target" ]; then
          ln -sfn "$(realpath -s -m --relative-to="$(dirname "$link")" "$work$target")" "$link"
        fi ;;
  esac
done

jdk="$work/usr/lib/jvm/java-21-openjdk-amd64"
mkdir "$jdk/bin-elf"
# The wrapper finds its tree from its own path (no fork when called by its real path, as the JDK
# and the tests do; resolved once when called through a symlink).
wrapper() { # $1: where the real executable is, relative to HOME
  cat <<EOF
#!/bin/sh
# Runs Debian trixie's $1 through trixie's dynamic loader (see scripts/install-jdk21.sh).
self="\$0"
case "\$self" in */*) ;; *) self="./\$self" ;; esac
[ -L "\$self" ] && self="\$(readlink -f -- "\$self")"
home="\${self%/*}/.."
root="\$home/../../../.."
exec "\$root/usr/lib64/ld-linux-x86-64.so.2" --library-path "\$root/usr/lib/x86_64-linux-gnu:\$home/lib" "\$home/$1" "\$@"
EOF
}
for tool in "$jdk"/bin/*; do
  name="$(basename "$tool")"
  mv "$tool" "$jdk/bin-elf/$name"
  wrapper "bin-elf/$name" >"$tool"
  chmod 755 "$tool"
done
mv "$jdk/lib/jspawnhelper" "$jdk/bin-elf/jspawnhelper"
# The wrapper of lib/jspawnhelper is one directory deeper than HOME/bin's: same relative layout.
wrapper "bin-elf/jspawnhelper" >"$jdk/lib/jspawnhelper"
chmod 755 "$jdk/lib/jspawnhelper"
"$jdk/bin/java" -version >&2

rm -rf "$dest.old"
if [ -e "$dest" ]; then mv "$dest" "$dest.old"; fi
mv "$work" "$dest"
trap - EXIT
rm -rf "$dest.old"
echo "$home"
