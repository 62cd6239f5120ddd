#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs Trocar on the bundled sample case.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh trocar
data=../shared/testdata
out=${TROCAR_DEMO_OUT:-$root/out/demo}
mkdir -p "$out"
echo "== trocar info on the sample DICOM series"
build/app/trocar info "$data/totalseg/example_ct_dicom"
echo "== trocar convert: DICOM series -> NRRD"
build/app/trocar convert "$data/totalseg/example_ct_dicom" "$out/example_ct_dicom.nrrd"
echo "== trocar info on the lumbar sample case (NIfTI)"
build/app/trocar info "$data/totalseg/example_ct.nii.gz"
echo "Outputs are in $out"
