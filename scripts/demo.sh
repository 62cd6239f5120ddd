#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs Trocar on the bundled sample case.
# With a display ($DISPLAY set) it opens the workstation window on the lumbar case; without one it
# runs the headless pipeline on it (segment, plan L2-L4 bipedicular, cement, DRRs, report PDF).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh
bash scripts/build.sh trocar
data=../shared/testdata
case_ct="$data/totalseg/example_ct.nii.gz"
out=${TROCAR_DEMO_OUT:-$root/out/demo}
mkdir -p "$out"
echo "== trocar info on the sample DICOM series"
build/app/trocar info "$data/totalseg/example_ct_dicom"
echo "== trocar convert: DICOM series -> NRRD"
build/app/trocar convert "$data/totalseg/example_ct_dicom" "$out/example_ct_dicom.nrrd"
echo "== trocar info on the lumbar sample case (NIfTI)"
build/app/trocar info "$case_ct"

# The window needs a display and the `gui` command (the workstation build); otherwise, or when
# TROCAR_DEMO_HEADLESS=1, the same case goes through the pipeline and ends in a PDF report.
commands=$(build/app/trocar --help)
if [ -n "${DISPLAY:-}" ] && [ -z "${TROCAR_DEMO_HEADLESS:-}" ] && grep -qE '^ +gui +' <<<"$commands"; then
  echo "== the workstation window on the lumbar sample case (close the window to finish)"
  build/app/trocar gui "$case_ct"
else
  [ -n "${DISPLAY:-}" ] && echo "== (headless run requested or no gui command: running the pipeline instead)"
  echo "== trocar pipeline: segment, plan L2-L4 bipedicular, cement, DRRs, report PDF"
  # Under a virtual display the report also gets its 3D view (OpenGL); plain headless leaves it out.
  if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
    xvfb-run -a build/app/trocar pipeline "$case_ct" --out "$out"
  else
    build/app/trocar pipeline "$case_ct" --out "$out"
  fi
fi
echo "Outputs are in $out"
