#!/usr/bin/env bash
# Installs every Debian 12 package that building, testing and running Trocar needs.
# Idempotent and quick when everything is present: it asks dpkg first and calls apt only for what
# is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
  # toolchain
  cmake ninja-build ccache g++ pkg-config git
  # libraries
  libinsighttoolkit5-dev libgdcm-tools libvtk9-dev libdcmtk-dev libopenjp2-7-dev zlib1g-dev
  qt6-base-dev nlohmann-json3-dev libcli11-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # Qt 6 OpenGL and OpenGLWidgets CMake packages (VTK hosted in a QOpenGLWidget)
  libqt6opengl6-dev
  # tests and demo: DICOM tools, a display server, Mesa OpenGL, PDF tools, a PACS
  dcmtk xvfb xauth libgl1-mesa-dri poppler-utils orthanc curl
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
