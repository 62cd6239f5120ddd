#include "HeaderReader.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcvrus.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include "DcmtkCodecs.h"

namespace trocar::dicom::detail {
namespace fs = std::filesystem;

namespace {

constexpr const char* kMediaStorageDirectory = "1.2.840.10008.1.3.10";

// SOP classes that carry pixel data or not but are never stacked into a CT volume.
bool isNonImageSopClass(const std::string& uid) {
  static const std::array<const char*, 9> prefixes = {
      "1.2.840.10008.5.1.4.1.1.66",    // raw data, registration, SEG, fiducials
      "1.2.840.10008.5.1.4.1.1.88.",   // structured reports, key objects
      "1.2.840.10008.5.1.4.1.1.104.",  // encapsulated PDF/CDA
      "1.2.840.10008.5.1.4.1.1.11.",   // presentation states
      "1.2.840.10008.5.1.4.1.1.481.",  // radiotherapy objects
      "1.2.840.10008.5.1.4.1.1.9.",    // waveforms
      "1.2.840.10008.5.1.4.1.1.67",    // real world value mapping
      "1.2.840.10008.5.1.4.1.1.68.",   // surfaces
      "1.2.840.10008.5.1.4.1.1.78.",   // measurements (lensometry and the like)
  };
  for (const char* p : prefixes)
    if (uid.rfind(p, 0) == 0) return true;
  return false;
}

std::string getString(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFStringArray(tag, value).good()) {
    std::string s = value.c_str();
    // DICOM pads to even length with spaces or NULs; values are compared as keys, so trim.
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    size_t start = 0;
    while (start < s.size() && s[start] == ' ') ++start;
    return s.substr(start);
  }
  return {};
}

bool getNumbers(DcmItem& item, const DcmTagKey& tag, double* out, unsigned long count) {
  for (unsigned long i = 0; i < count; ++i) {
    Float64 v = 0;
    if (item.findAndGetFloat64(tag, v, i).bad() || !std::isfinite(v)) return false;
    out[i] = v;
  }
  return true;
}

double getNumber(DcmItem& item, const DcmTagKey& tag, double fallback) {
  double v = fallback;
  return getNumbers(item, tag, &v, 1) ? v : fallback;
}

// Integer String (IS) values: DCMTK reads them as Sint32, not through the Float64 getter.
long getInteger(DcmItem& item, const DcmTagKey& tag, long fallback) {
  Sint32 v = 0;
  return item.findAndGetSint32(tag, v).good() ? v : fallback;
}

uint16_t getUint16(DcmItem& item, const DcmTagKey& tag, uint16_t fallback) {
  Uint16 v = 0;
  return item.findAndGetUint16(tag, v).good() ? v : fallback;
}

// The first item of a sequence in the per-frame group of this frame, else in the shared group.
DcmItem* functionalGroup(DcmItem& dataset, int frame, const DcmTagKey& macro) {
  DcmItem* group = nullptr;
  DcmItem* found = nullptr;
  if (dataset.findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, group, frame).good() &&
      group->findAndGetSequenceItem(macro, found, 0).good())
    return found;
  if (dataset.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, group, 0).good() &&
      group->findAndGetSequenceItem(macro, found, 0).good())
    return found;
  return nullptr;
}

// Reads Pixel Padding Value honouring its VR, and repairs the common mismatch of a US value on
// signed data (e.g. 63536 meaning -2000).
std::optional<int32_t> readPadding(DcmItem& dataset, uint16_t pixelRepresentation,
                                   std::vector<std::string>& notes) {
  DcmElement* element = nullptr;
  if (dataset.findAndGetElement(DCM_PixelPaddingValue, element).bad() || element == nullptr)
    return std::nullopt;
  if (element->getVR() == EVR_SS) {
    Sint16 v = 0;
    if (element->getSint16(v).good()) return v;
    return std::nullopt;
  }
  Uint16 v = 0;
  if (element->getUint16(v).bad()) return std::nullopt;
  if (pixelRepresentation == 1 && v > 32767) {
    notes.push_back("Pixel Padding Value " + std::to_string(v) +
                    " stored as US on signed pixels; read as " +
                    std::to_string(int32_t(v) - 65536));
    return int32_t(v) - 65536;
  }
  return int32_t(v);
}

// A cheap look at the first bytes so that arbitrary files are not handed to the DICOM parser,
// which would happily read garbage as an implicit-VR data set. Accepts Part 10 files (DICM at 128)
// and bare data sets starting with a plausible little-endian group (ACR-NEMA, raw exports).
core::Result<bool> looksLikeDicom(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return core::Error{file.string(), std::string("cannot open file: ") + std::strerror(errno)};
  std::array<unsigned char, 132> head{};
  in.read(reinterpret_cast<char*>(head.data()), head.size());
  const auto got = static_cast<size_t>(in.gcount());
  if (got == 0) return core::Error{file.string(), "empty file"};
  if (got == head.size() && std::memcmp(head.data() + 128, "DICM", 4) == 0) return true;
  if (got < 8) return false;
  const unsigned group = head[0] | (head[1] << 8);
  const unsigned element = head[2] | (head[3] << 8);
  const bool plausibleGroup = group % 2 == 0 && group >= 0x0002 && group <= 0x0028;
  if (!plausibleGroup || element > 0x1000) return false;
  // Explicit VR: two upper-case letters; implicit VR: a 32-bit length that fits the file.
  if (std::isupper(head[4]) && std::isupper(head[5])) return true;
  const uint32_t length = head[4] | (head[5] << 8) | (head[6] << 16) | (uint32_t(head[7]) << 24);
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  return !ec && length < size;
}

void readGeometry(DcmItem& dataset, int frame, bool enhanced, ImagePlane& plane,
                  std::vector<std::string>& notes) {
  double position[3], orientation[6], spacing[2];
  bool havePosition = false, haveOrientation = false, haveSpacing = false;
  if (enhanced) {
    if (DcmItem* item = functionalGroup(dataset, frame, DCM_PlanePositionSequence))
      havePosition = getNumbers(*item, DCM_ImagePositionPatient, position, 3);
    if (DcmItem* item = functionalGroup(dataset, frame, DCM_PlaneOrientationSequence))
      haveOrientation = getNumbers(*item, DCM_ImageOrientationPatient, orientation, 6);
    if (DcmItem* item = functionalGroup(dataset, frame, DCM_PixelMeasuresSequence))
      haveSpacing = getNumbers(*item, DCM_PixelSpacing, spacing, 2);
  }
  if (!havePosition) havePosition = getNumbers(dataset, DCM_ImagePositionPatient, position, 3);
  if (!haveOrientation)
    haveOrientation = getNumbers(dataset, DCM_ImageOrientationPatient, orientation, 6);
  if (!havePosition && !haveOrientation) {
    // ACR-NEMA 2.0 files carry the retired Image Position / Image Orientation instead.
    const bool retiredPosition = getNumbers(dataset, DCM_RETIRED_ImagePosition, position, 3);
    const bool retiredOrientation =
        getNumbers(dataset, DCM_RETIRED_ImageOrientation, orientation, 6);
    if (retiredPosition && retiredOrientation) {
      havePosition = haveOrientation = true;
      plane.fromRetiredAcrNemaTags = true;
      notes.push_back(
          "geometry from the retired ACR-NEMA Image Position/Orientation (0020,0030/0035)");
    }
  }
  if (!haveSpacing) haveSpacing = getNumbers(dataset, DCM_PixelSpacing, spacing, 2);
  if (!haveSpacing && getNumbers(dataset, DCM_ImagerPixelSpacing, spacing, 2)) {
    haveSpacing = true;
    notes.push_back("no Pixel Spacing; used Imager Pixel Spacing");
  }
  if (haveSpacing && (spacing[0] <= 0 || spacing[1] <= 0)) {
    notes.push_back("non-positive Pixel Spacing ignored");
    haveSpacing = false;
  }
  if (haveSpacing) {
    plane.rowSpacingMm = spacing[0];
    plane.columnSpacingMm = spacing[1];
  } else {
    notes.push_back("no Pixel Spacing; assumed 1 mm");
  }
  if (haveOrientation) {
    const core::Vec3 row{orientation[0], orientation[1], orientation[2]};
    const core::Vec3 col{orientation[3], orientation[4], orientation[5]};
    // Headers often round direction cosines to 6 digits: re-orthonormalise, but refuse nonsense.
    const core::Vec3 r = core::normalized(row);
    const core::Vec3 c = core::normalized(col - r * core::dot(col, r));
    if (core::norm(row) < 0.5 || core::norm(col) < 0.5 ||
        std::abs(core::dot(r, core::normalized(col))) > 0.05) {
      notes.push_back(
          "Image Orientation (Patient) is not a pair of perpendicular unit vectors; ignored");
      haveOrientation = false;
    } else {
      plane.rowDirection = r;
      plane.columnDirection = c;
    }
  }
  plane.hasGeometry = havePosition && haveOrientation;
  if (havePosition) plane.positionMm = {position[0], position[1], position[2]};
}

void readRescale(DcmItem& dataset, int frame, bool enhanced, ImagePlane& plane) {
  DcmItem* source = &dataset;
  if (enhanced) {
    if (DcmItem* item = functionalGroup(dataset, frame, DCM_PixelValueTransformationSequence))
      source = item;
  }
  plane.rescaleSlope =
      getNumber(*source, DCM_RescaleSlope, getNumber(dataset, DCM_RescaleSlope, 1.0));
  plane.rescaleIntercept =
      getNumber(*source, DCM_RescaleIntercept, getNumber(dataset, DCM_RescaleIntercept, 0.0));
  if (plane.rescaleSlope == 0) plane.rescaleSlope = 1;  // a zero slope would erase the image
}

}  // namespace

image::SeriesMetadata readMetadata(DcmItem& dataset) {
  image::SeriesMetadata m;
  m.patientName = getString(dataset, DCM_PatientName);
  m.patientId = getString(dataset, DCM_PatientID);
  m.patientSex = getString(dataset, DCM_PatientSex);
  m.patientAge = getString(dataset, DCM_PatientAge);
  m.patientBirthDate = getString(dataset, DCM_PatientBirthDate);
  m.studyInstanceUid = getString(dataset, DCM_StudyInstanceUID);
  m.seriesInstanceUid = getString(dataset, DCM_SeriesInstanceUID);
  m.frameOfReferenceUid = getString(dataset, DCM_FrameOfReferenceUID);
  m.studyDate = getString(dataset, DCM_StudyDate);
  m.studyTime = getString(dataset, DCM_StudyTime);
  m.seriesDate = getString(dataset, DCM_SeriesDate);
  m.seriesTime = getString(dataset, DCM_SeriesTime);
  m.acquisitionDate = getString(dataset, DCM_AcquisitionDate);
  m.studyDescription = getString(dataset, DCM_StudyDescription);
  m.seriesDescription = getString(dataset, DCM_SeriesDescription);
  m.modality = getString(dataset, DCM_Modality);
  m.manufacturer = getString(dataset, DCM_Manufacturer);
  m.manufacturerModel = getString(dataset, DCM_ManufacturerModelName);
  m.institutionName = getString(dataset, DCM_InstitutionName);
  m.bodyPartExamined = getString(dataset, DCM_BodyPartExamined);
  m.convolutionKernel = getString(dataset, DCM_ConvolutionKernel);
  m.seriesNumber = getString(dataset, DCM_SeriesNumber);
  m.accessionNumber = getString(dataset, DCM_AccessionNumber);
  m.studyId = getString(dataset, DCM_StudyID);
  m.referringPhysicianName = getString(dataset, DCM_ReferringPhysicianName);
  m.specificCharacterSet = getString(dataset, DCM_SpecificCharacterSet);
  m.kvp = getNumber(dataset, DCM_KVP, 0.0);
  m.sliceThicknessMm = getNumber(dataset, DCM_SliceThickness, 0.0);
  if (m.sliceThicknessMm == 0) {
    if (DcmItem* item = functionalGroup(dataset, 0, DCM_PixelMeasuresSequence))
      m.sliceThicknessMm = getNumber(*item, DCM_SliceThickness, 0.0);
  }
  if (m.kvp == 0) {
    if (DcmItem* item = functionalGroup(dataset, 0, DCM_CTXRayDetailsSequence))
      m.kvp = getNumber(*item, DCM_KVP, 0.0);
  }
  return m;
}

core::Result<FileHeader> readFileHeader(const fs::path& file) {
  ensureDcmtkReady();
  auto sniff = looksLikeDicom(file);
  if (!sniff) return sniff.error();
  if (!sniff.value())
    return core::Error{file.string(),
                       "not a DICOM file (no DICM preamble and no DICOM data set at the start)"};

  DcmFileFormat fileFormat;
  // Values longer than 4 kB (pixel data) stay on disk: the scan reads headers only.
  const OFCondition status =
      fileFormat.loadFile(file.c_str(), EXS_Unknown, EGL_noChange, 4096, ERM_autoDetect);
  if (status.bad()) return core::Error{file.string(), "unreadable DICOM: " + plainReason(status)};

  DcmDataset& dataset = *fileFormat.getDataset();
  DcmMetaInfo& meta = *fileFormat.getMetaInfo();
  FileHeader header;
  header.metadata = readMetadata(dataset);

  // Some exporters blank the data set's UIDs; the meta header still has the SOP class/instance.
  std::string sopClass = getString(dataset, DCM_SOPClassUID);
  if (sopClass.empty()) sopClass = getString(meta, DCM_MediaStorageSOPClassUID);
  std::string sopInstance = getString(dataset, DCM_SOPInstanceUID);
  if (sopInstance.empty()) sopInstance = getString(meta, DCM_MediaStorageSOPInstanceUID);

  if (sopClass == kMediaStorageDirectory) {
    header.kind = FileHeader::Kind::Directory;
    return header;
  }
  const bool hasPixels = dataset.tagExists(DCM_PixelData) || dataset.tagExists(DCM_FloatPixelData);
  if (!hasPixels || isNonImageSopClass(sopClass)) {
    if (sopClass.empty() && header.metadata.modality.empty())
      return core::Error{
          file.string(),
          "DICOM data set with neither pixel data nor a SOP class; not a usable object"};
    header.kind = FileHeader::Kind::NonImage;
    header.nonImage.file = file;
    header.nonImage.sopClassUid = sopClass;
    header.nonImage.sopClassName =
        sopClass.empty() ? "unknown" : dcmFindNameOfUID(sopClass.c_str(), sopClass.c_str());
    header.nonImage.modality = header.metadata.modality;
    header.nonImage.seriesInstanceUid = header.metadata.seriesInstanceUid;
    return header;
  }

  ImagePlane base;
  base.file = file;
  base.sopClassUid = sopClass;
  base.sopInstanceUid = sopInstance;
  base.rows = getUint16(dataset, DCM_Rows, 0);
  base.columns = getUint16(dataset, DCM_Columns, 0);
  base.bitsAllocated = getUint16(dataset, DCM_BitsAllocated, 16);
  base.bitsStored = getUint16(dataset, DCM_BitsStored, base.bitsAllocated);
  base.highBit = getUint16(dataset, DCM_HighBit, static_cast<uint16_t>(base.bitsStored - 1));
  base.pixelRepresentation = getUint16(dataset, DCM_PixelRepresentation, 0);
  base.samplesPerPixel = getUint16(dataset, DCM_SamplesPerPixel, 1);
  base.photometric = getString(dataset, DCM_PhotometricInterpretation);
  base.instanceNumber = static_cast<int>(getInteger(dataset, DCM_InstanceNumber, 0));
  base.gantryTiltDeg = getNumber(dataset, DCM_GantryDetectorTilt, 0.0);
  base.imageType = getString(dataset, DCM_ImageType);
  base.acquisitionNumber = getString(dataset, DCM_AcquisitionNumber);
  base.transferSyntaxUid = DcmXfer(dataset.getOriginalXfer()).getXferID();
  base.paddingValue = readPadding(dataset, base.pixelRepresentation, header.notes);

  if (base.rows == 0 || base.columns == 0)
    return core::Error{file.string(), "image has no Rows/Columns"};
  if (base.samplesPerPixel != 1)
    return core::Error{file.string(), "colour image (" + std::to_string(base.samplesPerPixel) +
                                          " samples per pixel) is not a CT slice"};
  if (base.bitsAllocated != 8 && base.bitsAllocated != 16 && base.bitsAllocated != 32)
    return core::Error{file.string(),
                       "unsupported Bits Allocated " + std::to_string(base.bitsAllocated)};
  if (base.bitsStored == 0 || base.bitsStored > base.bitsAllocated) {
    header.notes.push_back("Bits Stored " + std::to_string(base.bitsStored) +
                           " inconsistent with Bits Allocated; used " +
                           std::to_string(base.bitsAllocated));
    base.bitsStored = base.bitsAllocated;
    base.highBit = static_cast<uint16_t>(base.bitsAllocated - 1);
  }

  const long frames = std::max<long>(1, getInteger(dataset, DCM_NumberOfFrames, 1));
  if (frames > 100000)
    return core::Error{file.string(), "absurd Number of Frames " + std::to_string(frames)};
  // Native pixel data must hold what the header describes; a shorter value means a cut file or a
  // header that lies, and either would make a reader allocate for data that is not there.
  if (!DcmXfer(dataset.getOriginalXfer()).isEncapsulated()) {
    DcmElement* pixelData = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, pixelData).good() && pixelData != nullptr) {
      const double expected =
          static_cast<double>(base.rows) * base.columns * frames * (base.bitsAllocated / 8);
      const double actual = pixelData->getLength();
      if (actual < expected)
        return core::Error{file.string(),
                           "Pixel Data holds " + std::to_string(pixelData->getLength()) +
                               " bytes but Rows x Columns x Frames x Bits Allocated need " +
                               std::to_string(static_cast<uint64_t>(expected)) +
                               ": the file is cut short or its header is wrong"};
    }
  }
  const bool enhanced = dataset.tagExists(DCM_PerFrameFunctionalGroupsSequence) ||
                        dataset.tagExists(DCM_SharedFunctionalGroupsSequence);
  if (frames > 1 && !enhanced)
    header.notes.push_back(
        "multi-frame image without per-frame functional groups: frames share one position");

  for (long f = 0; f < frames; ++f) {
    ImagePlane plane = base;
    plane.frame = static_cast<int>(f);
    plane.framesInFile = static_cast<int>(frames);
    readGeometry(dataset, plane.frame, enhanced, plane, header.notes);
    readRescale(dataset, plane.frame, enhanced, plane);
    if (enhanced && plane.imageType.empty()) {
      if (DcmItem* item = functionalGroup(dataset, plane.frame, DCM_CTImageFrameTypeSequence))
        plane.imageType = getString(*item, DCM_FrameType);
    }
    header.planes.push_back(std::move(plane));
  }

  const auto& m = header.metadata;
  header.seriesFallbackKey = m.studyInstanceUid + "|" + m.studyDate + "|" + m.seriesDate + "|" +
                             m.seriesTime + "|" + m.seriesNumber + "|" + m.seriesDescription + "|" +
                             m.modality + "|" + m.manufacturer + "|" + m.manufacturerModel + "|" +
                             getString(dataset, DCM_StationName) + "|" + m.frameOfReferenceUid +
                             "|" + m.convolutionKernel;
  // Notes repeat for every frame of a multi-frame file: keep each once.
  std::sort(header.notes.begin(), header.notes.end());
  header.notes.erase(std::unique(header.notes.begin(), header.notes.end()), header.notes.end());
  return header;
}

}  // namespace trocar::dicom::detail
