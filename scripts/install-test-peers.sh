#!/usr/bin/env bash
# Installs what the tests drive as real peers when it is missing: Debian packages with apt-get, and the npm "onvif"
# client. The README's test command runs this, then `mvn verify`. Everything Java comes from Maven Central (JavaCV
# bundles the LGPL FFmpeg used as the real RTSP client in tests).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use:
#   ffmpeg     - its libx265 encodes the simulated H.265 cameras (GPL, so a separate program, never linked)
#   mosquitto  - the external MQTT broker the MQTT integration tests run against (plain, TLS, killed -9)
#   openssl    - makes the test CA and server certificate for Mosquitto's TLS listener
#   onvif-tools - libonvif's onvif-util, a real ONVIF client run against the gateway (OnvifUtilIT)
#   iproute2   - `ip netns`: OnvifUtilIT runs onvif-util and the gateway in a network namespace (as root)
#   motion     - Debian's motion daemon, a recorder with its own timeouts, records through a gate (MotionDaemonIT)
#   systemd    - systemd-analyze verify reads the Debian package's service unit (DebianPackageIT, which installs the
#                package with dpkg -i as root and runs the installed camgate check-config)
#   chromium, chromium-driver - a real headless browser and its WebDriver: the status page test (StatusPageBrowserIT)
#   npm        - only when Node.js is not on the machine already: installs the npm "onvif" client below
DEBIAN_PACKAGES=(ffmpeg mosquitto openssl onvif-tools iproute2 motion systemd chromium chromium-driver)
command -v npm >/dev/null 2>&1 || DEBIAN_PACKAGES+=(nodejs npm)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

java -version
mvn -version
# The npm "onvif" client (an ONVIF client not written here) drives the gateway in OnvifNodeClientIT. It lives
# outside target/ so that `mvn clean` does not remove it.
if [ ! -d .peers/onvif-node/node_modules/onvif ]; then
  mkdir -p .peers/onvif-node
  cp bench/onvif-node/package.json .peers/onvif-node/
  npm install --no-audit --no-fund --prefix .peers/onvif-node >/dev/null
fi
