#!/bin/sh
# Regenerates the example Legato payloads under packs/ that stand in for what
# Legato's mksys / mkapp and a modem vendor would hand over: a system tarball,
# an app tarball, a firmware image. Tarballs are made the way Legato's own
# PackSystem / PackApp rules make them (find | LC_ALL=C sort -z | tar
# --no-recursion -cj), with a fixed mtime and owner so the bytes repeat.
# The md5 in each info.properties is Legato's staging-area recipe.
set -eu
export LC_ALL=C
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mtime=1700000000

legato_md5() ( # Legato's MakeAppInfoProperties recipe, run with info.properties absent
  cd "$1"
  ( find -P -print0 | LC_ALL=C sort -z &&
    find -P -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum &&
    find -P -type l -print0 | LC_ALL=C sort -z | xargs -0 -r -n 1 readlink
  ) | md5sum | cut -d' ' -f1
)

legato_tar() ( # Legato's PackApp / PackSystem tarball
  cd "$1"
  find . -print0 | LC_ALL=C sort -z |
    tar --no-recursion --null -T - --format=gnu --owner=0 --group=0 --numeric-owner --mtime=@$mtime -cf - | bzip2 -9 > "$2"
)

# The app gitota packs from its staging directory (committed under packs/hello-world/staging).
hello_md5=$(legato_md5 "$root/packs/hello-world/staging")

# A second app, shipped as a mkapp tarball.
sensor="$work/sensor"
mkdir -p "$sensor/bin" "$sensor/lib"
printf '#!/bin/sh\n# Stand-in for the sensor app executable.\necho "temperature=21.5"\n' > "$sensor/bin/sensor"
chmod 755 "$sensor/bin/sensor"
ln -s /legato/systems/current/lib/liblegato.so "$sensor/lib/liblegato.so"
printf '{\n  "maxFileSystemBytes": 65536\n}\n' > "$sensor/root.cfg"
chmod -R u=rwX,go=rX "$sensor"
sensor_md5=$(legato_md5 "$sensor")
printf 'app.name=sensor\napp.md5=%s\napp.version=0.4.1\nlegato.version=19.11.0\n' "$sensor_md5" > "$sensor/info.properties"
mkdir -p "$root/packs/wp76xx-system"
legato_tar "$sensor" "$root/packs/wp76xx-system/sensor.tar.bz2"

# The system: framework files plus apps/<name> links to /legato/apps/<md5>. atService is preloaded:
# already on the device, pinned by its md5, not carried in the pack.
system="$work/system"
mkdir -p "$system/apps" "$system/bin" "$system/config"
printf '#!/bin/sh\n# Stand-in for the Legato start program.\nexec /legato/systems/current/bin/supervisor\n' > "$system/bin/start"
chmod 755 "$system/bin/start"
printf '{\n  "watchdogTimeout": 120000\n}\n' > "$system/config/system.cfg"
printf '19.11.0\n' > "$system/version"
ln -s "/legato/apps/$hello_md5" "$system/apps/helloWorld"
ln -s "/legato/apps/$sensor_md5" "$system/apps/sensor"
ln -s /legato/apps/5d1c0a4b3fb2c0f2b0e1c9a7e8d6f4a2 "$system/apps/atService"
chmod -R u=rwX,go=rX "$system"
system_md5=$(legato_md5 "$system")
printf 'system.name=wp76xx-system\nsystem.md5=%s\n' "$system_md5" > "$system/info.properties"
legato_tar "$system" "$root/packs/wp76xx-system/system.tar.bz2"

# A stand-in modem firmware image: 4096 deterministic bytes (sha256 chain), not a real .cwe.
mkdir -p "$root/packs/wp76xx-firmware"
node -e '
const { createHash } = require("node:crypto");
const out = []; let h = Buffer.from("gitota example firmware");
while (out.length * 32 < 4096) { h = createHash("sha256").update(h).digest(); out.push(h); }
process.stdout.write(Buffer.concat(out).subarray(0, 4096));
' > "$root/packs/wp76xx-firmware/wp76xx-firmware.cwe"

echo "helloWorld md5 $hello_md5"
echo "sensor     md5 $sensor_md5"
echo "system     md5 $system_md5"
