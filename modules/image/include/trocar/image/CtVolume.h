#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <itkImage.h>

namespace trocar::image {

using CtImage = itk::Image<int16_t, 3>;     // Hounsfield units
using FloatImage = itk::Image<float, 3>;    // HU where an integer image would lose precision
using LabelImage = itk::Image<uint8_t, 3>;  // label maps (VerSe numbering fits in a byte)

// Who and what the volume is: the DICOM attributes a report header and a plan reference need.
// Empty strings mean the source did not say (NIfTI files carry none of it).
struct SeriesMetadata {
  std::string patientName, patientId, patientSex, patientAge, patientBirthDate;
  std::string studyInstanceUid, seriesInstanceUid, frameOfReferenceUid;
  std::string studyDate, studyTime, seriesDate, seriesTime, acquisitionDate;
  std::string studyDescription, seriesDescription, modality, manufacturer, manufacturerModel;
  std::string institutionName, bodyPartExamined, convolutionKernel, seriesNumber;
  double kvp = 0;               // peak kilovoltage; 0 when absent
  double sliceThicknessMm = 0;  // nominal reconstructed thickness; 0 when absent
  // What a document filed back into the study must repeat (the report as DICOM), and the
  // character set the source's text is in (strings are kept as the file's bytes).
  std::string accessionNumber, referringPhysicianName, studyId, specificCharacterSet;
};

// A CT volume in DICOM patient LPS: origin, spacing and direction as ITK holds them.
struct CtVolume {
  CtImage::Pointer hu;
  // Only set when the rescale slope is not integral, so int16 HU would round real values.
  FloatImage::Pointer huFloat;
  SeriesMetadata metadata;
  std::vector<std::string> warnings;  // what was repaired or assumed on the way in
};

}  // namespace trocar::image
