#pragma once

namespace trocar::phantom {

// Size of one adult vertebra, in mm and degrees. Values follow the classic morphometry papers
// (Panjabi et al. 1991/1992 for bodies, canals and processes; Zindrick et al. 1987 for pedicles),
// rounded: a 50th-percentile adult, not any one patient.
struct LevelDims {
  double bodyWidthMm;       // left-right, at the endplates
  double bodyDepthMm;       // antero-posterior, at the endplates
  double bodyHeightMm;      // along the body axis (posterior wall height)
  double discBelowMm;       // the disc under this vertebra
  double pedicleWidthMm;    // transverse isthmus diameter
  double pedicleHeightMm;   // cranio-caudal isthmus diameter
  double pedicleMedialDeg;  // transverse angle of the pedicle axis towards the midline
  double canalWidthMm, canalDepthMm;
  double spinousLengthMm, spinousHeightMm, spinousSlopeDeg;  // slope: caudal tilt of the process
  double transverseLengthMm, transverseBackDeg;  // back: how far the process points posteriorly
};

// Dimensions for a VerSe level label (T1..L5, and 26 for the S1 body of the sacrum).
LevelDims dimsForLevel(int label);

}  // namespace trocar::phantom
