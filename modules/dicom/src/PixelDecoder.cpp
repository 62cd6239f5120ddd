#include "PixelDecoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include "DcmtkCodecs.h"
#include "J2kDecoder.h"

namespace trocar::dicom::detail {
namespace fs = std::filesystem;

namespace {

bool isJ2kSyntax(const std::string& uid) {
  return uid == "1.2.840.10008.1.2.4.90" || uid == "1.2.840.10008.1.2.4.91" ||  // JPEG 2000 (lossless only) / lossy
         uid == "1.2.840.10008.1.2.4.92" || uid == "1.2.840.10008.1.2.4.93";    // JPEG 2000 Part 2
}

// Turns raw sample words into stored values, following Bits Stored / High Bit / Pixel
// Representation, and repairs the common real-world mismatch where the values use more bits than
// Bits Stored admits (e.g. -2000 padding written into 16 bits of a 12-bit image).
void wordsToStoredValues(std::vector<int32_t>& words, const ImagePlane& plane, DecodeStats& stats) {
  const unsigned allocated = plane.bitsAllocated;
  if (allocated == 32) return;  // already full-width values, signed as stored
  const unsigned stored = plane.bitsStored;
  unsigned shift = plane.highBit + 1u >= stored ? plane.highBit + 1u - stored : 0u;
  if (shift + stored > allocated) shift = 0;
  const uint32_t fullMask = (1u << allocated) - 1u;
  const uint32_t valueMask = (1u << stored) - 1u;
  const uint32_t storedMask = valueMask << shift;
  const bool isSigned = plane.pixelRepresentation == 1;

  uint32_t outside = 0;
  for (int32_t w : words) outside |= static_cast<uint32_t>(w) & fullMask & ~storedMask;

  if (outside == 0) {
    const uint32_t signBit = 1u << (stored - 1);
    for (int32_t& w : words) {
      int32_t v = static_cast<int32_t>((static_cast<uint32_t>(w) >> shift) & valueMask);
      if (isSigned && (v & signBit)) v -= static_cast<int32_t>(1u << stored);
      w = v;
    }
    return;
  }

  // Values escape Bits Stored: read the full word. Unsigned data whose escaping words are all
  // sign extensions of a Bits-Stored value was written signed; read it so.
  stats.bitsStoredIgnored = true;
  bool signExtended = true;
  const uint32_t upper = fullMask & ~((1u << (stored - 1)) - 1u);  // bits from the sign bit up
  for (int32_t w : words) {
    const uint32_t u = static_cast<uint32_t>(w) & fullMask;
    if ((u & ~storedMask) != 0 && (u & upper) != upper) {
      signExtended = false;
      break;
    }
  }
  const bool asSigned = isSigned || signExtended;
  if (!isSigned && asSigned) stats.readAsSigned = true;
  const int32_t range = static_cast<int32_t>(1u << allocated);
  for (int32_t& w : words) {
    int32_t v = static_cast<int32_t>(static_cast<uint32_t>(w) & fullMask);
    if (asSigned && v >= range / 2) v -= range;
    w = v;
  }
}

void storedValuesToHu(const std::vector<int32_t>& values, const ImagePlane& plane, int16_t* hu, float* huFloat,
                      DecodeStats& stats) {
  const size_t n = values.size();
  const bool hasPadding = plane.paddingValue.has_value();
  const uint32_t wordMask = plane.bitsAllocated >= 32 ? 0xFFFFFFFFu : (1u << plane.bitsAllocated) - 1u;
  // Compare padding on the raw word so it matches whether the value was read signed or not.
  const uint32_t padWord = hasPadding ? static_cast<uint32_t>(*plane.paddingValue) & wordMask : 0;
  const double slope = plane.rescaleSlope, intercept = plane.rescaleIntercept;
  const bool integral = slope == 1.0 && intercept == std::floor(intercept) && std::abs(intercept) < 1e6;
  const int32_t offset = static_cast<int32_t>(intercept);
  for (size_t i = 0; i < n; ++i) {
    const int32_t v = values[i];
    if (hasPadding && (static_cast<uint32_t>(v) & wordMask) == padWord) {
      ++stats.paddingVoxels;
      hu[i] = kPaddingHu;
      if (huFloat) huFloat[i] = kPaddingHu;
      continue;
    }
    double h = integral ? static_cast<double>(v + offset) : slope * v + intercept;
    if (huFloat) huFloat[i] = static_cast<float>(h);
    if (h < -32768.0 || h > 32767.0) {
      ++stats.clampedVoxels;
      h = std::clamp(h, -32768.0, 32767.0);
    }
    hu[i] = static_cast<int16_t>(integral ? h : std::nearbyint(h));
  }
}

// Index (in the pixel sequence, item 0 being the offset table) of the first fragment of `frame`.
// One fragment per frame is the rule for RLE and the common case; otherwise a frame starts at a
// fragment beginning with a JPEG SOI marker (FFD8), whose codestreams cannot start otherwise.
core::Result<uint32_t> firstFragmentOfFrame(DcmDataset& dataset, DcmPixelData& pixelData, int frame) {
  DcmPixelSequence* sequence = nullptr;
  if (pixelData.getEncapsulatedRepresentation(dataset.getOriginalXfer(), nullptr, sequence).bad() || !sequence)
    return core::Error{"", "compressed pixel data has no fragment sequence"};
  Sint32 frames = 1;
  dataset.findAndGetSint32(DCM_NumberOfFrames, frames);
  const unsigned long items = sequence->card();
  if (items >= 1 && items - 1 == static_cast<unsigned long>(std::max<Sint32>(frames, 1)))
    return static_cast<uint32_t>(frame + 1);
  int seen = -1;
  for (unsigned long i = 1; i < items; ++i) {
    DcmPixelItem* item = nullptr;
    Uint8* data = nullptr;
    if (sequence->getItem(item, i).bad() || item->getUint8Array(data).bad() || data == nullptr) continue;
    if (item->getLength() >= 2 && data[0] == 0xFF && data[1] == 0xD8 && ++seen == frame)
      return static_cast<uint32_t>(i);
  }
  return core::Error{"", "frame " + std::to_string(frame) + " not found among " + std::to_string(items - 1) +
                             " compressed fragments"};
}

}  // namespace

PixelDecoder::PixelDecoder() = default;
PixelDecoder::~PixelDecoder() = default;

core::Result<bool> PixelDecoder::load(const fs::path& file) {
  if (file_ && loadedPath_ == file) return true;
  file_ = std::make_unique<DcmFileFormat>();
  loadedPath_.clear();
  nextFragment_ = 0;
  lastFrame_ = -1;
  const OFCondition status = file_->loadFile(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
  if (status.bad()) {
    file_.reset();
    return core::Error{file.string(), std::string("cannot read pixel data: ") + status.text()};
  }
  loadedPath_ = file;
  return true;
}

core::Result<bool> PixelDecoder::fetchRaw(const ImagePlane& plane) {
  const std::string where = plane.file.string();
  DcmDataset* dataset = file_->getDataset();
  DcmElement* element = nullptr;
  if (dataset->findAndGetElement(DCM_PixelData, element).bad() || element == nullptr)
    return core::Error{where, "no Pixel Data element"};
  auto* pixelData = dynamic_cast<DcmPixelData*>(element);
  if (pixelData == nullptr) return core::Error{where, "Pixel Data element of an unexpected type"};

  const size_t pixels = static_cast<size_t>(plane.rows) * plane.columns;
  const size_t bytesPerSample = plane.bitsAllocated / 8;
  words_.resize(pixels);
  const DcmXfer xfer(dataset->getOriginalXfer());

  if (!xfer.isEncapsulated()) {
    // Native pixel data: DCMTK has already swapped it to host byte order (and inflated deflate).
    const size_t offset = static_cast<size_t>(plane.frame) * pixels * bytesPerSample;
    Uint8* bytes = nullptr;
    const OFCondition status = pixelData->getUint8Array(bytes);
    const size_t length = pixelData->getLength();
    if (status.bad() || bytes == nullptr)
      return core::Error{where, std::string("pixel data unreadable: ") + status.text()};
    if (length < offset + pixels * bytesPerSample)
      return core::Error{where, "pixel data truncated: " + std::to_string(length) + " bytes, " +
                                    std::to_string(offset + pixels * bytesPerSample) + " expected"};
    const Uint8* p = bytes + offset;
    if (bytesPerSample == 1) {
      for (size_t i = 0; i < pixels; ++i) words_[i] = p[i];
    } else if (bytesPerSample == 2) {
      const auto* q = reinterpret_cast<const Uint16*>(p);
      for (size_t i = 0; i < pixels; ++i) words_[i] = q[i];
    } else {
      std::memcpy(words_.data(), p, pixels * 4);
    }
    return true;
  }

  if (isJ2kSyntax(xfer.getXferID())) {
    DcmPixelSequence* sequence = nullptr;
    if (pixelData->getEncapsulatedRepresentation(dataset->getOriginalXfer(), nullptr, sequence).bad() || !sequence)
      return core::Error{where, "JPEG 2000 pixel data has no fragment sequence"};
    // Item 0 is the offset table. Gather the fragments of our frame: one per frame when the
    // counts match, else split where a fragment starts a new codestream.
    const unsigned long items = sequence->card();
    Sint32 frames = 1;
    dataset->findAndGetSint32(DCM_NumberOfFrames, frames);
    scratch_.clear();
    int frame = -1;
    const bool onePerFrame = items >= 1 && items - 1 == static_cast<unsigned long>(std::max<Sint32>(frames, 1));
    for (unsigned long i = 1; i < items; ++i) {
      DcmPixelItem* item = nullptr;
      Uint8* data = nullptr;
      if (sequence->getItem(item, i).bad() || item->getUint8Array(data).bad())
        return core::Error{where, "unreadable JPEG 2000 fragment " + std::to_string(i)};
      const size_t length = item->getLength();
      const bool startsFrame = onePerFrame || frame < 0 || (data != nullptr && startsJ2kFrame(data, length));
      if (startsFrame) ++frame;
      if (frame == plane.frame && data != nullptr) scratch_.insert(scratch_.end(), data, data + length);
      if (frame > plane.frame) break;
    }
    if (scratch_.empty()) return core::Error{where, "JPEG 2000 frame " + std::to_string(plane.frame) + " not found"};
    auto decoded = decodeJ2k(scratch_.data(), scratch_.size(), words_);
    if (!decoded) return core::Error{where, decoded.error().reason};
    if (decoded->width != plane.columns || decoded->height != plane.rows)
      return core::Error{where, "JPEG 2000 frame is " + std::to_string(decoded->width) + "x" +
                                    std::to_string(decoded->height) + ", header says " +
                                    std::to_string(plane.columns) + "x" + std::to_string(plane.rows)};
    // Re-express as raw words so that the same Bits Stored / sign logic applies to every syntax.
    const uint32_t mask = plane.bitsAllocated >= 32 ? 0xFFFFFFFFu : (1u << plane.bitsAllocated) - 1u;
    for (auto& v : words_) v = static_cast<int32_t>(static_cast<uint32_t>(v) & mask);
    return true;
  }

  // JPEG, JPEG-LS, RLE: DCMTK's codecs, one frame at a time.
  Uint32 frameBytes = 0;
  if (pixelData->getUncompressedFrameSize(dataset, frameBytes).bad() || frameBytes < pixels * bytesPerSample)
    return core::Error{where, "cannot determine the decompressed frame size"};
  scratch_.resize(frameBytes + (frameBytes & 1));
  if (plane.frame != lastFrame_ + 1) {
    // DCMTK only follows fragments from one frame to the next; another thread may have decoded the
    // previous frame, so find this frame's first fragment ourselves.
    auto start = firstFragmentOfFrame(*dataset, *pixelData, plane.frame);
    if (!start) return core::Error{where, start.error().reason};
    nextFragment_ = start.value();
  }
  OFString colorModel;
  Uint32 startFragment = nextFragment_;
  const OFCondition status = pixelData->getUncompressedFrame(dataset, static_cast<Uint32>(plane.frame), startFragment,
                                                             scratch_.data(), static_cast<Uint32>(scratch_.size()),
                                                             colorModel);
  if (status.bad())
    return core::Error{where, std::string("corrupt compressed pixel data (") + xfer.getXferName() + "): " + status.text()};
  nextFragment_ = startFragment;
  lastFrame_ = plane.frame;
  if (bytesPerSample == 1) {
    for (size_t i = 0; i < pixels; ++i) words_[i] = scratch_[i];
  } else if (bytesPerSample == 2) {
    const auto* q = reinterpret_cast<const Uint16*>(scratch_.data());
    for (size_t i = 0; i < pixels; ++i) words_[i] = q[i];
  } else {
    std::memcpy(words_.data(), scratch_.data(), pixels * 4);
  }
  return true;
}

core::Result<DecodeStats> PixelDecoder::decode(const ImagePlane& plane, int16_t* hu, float* huFloat) {
  ensureDcmtkReady();
  auto loaded = load(plane.file);
  if (!loaded) return loaded.error();
  auto fetched = fetchRaw(plane);
  if (!fetched) {
    file_.reset();  // a half-decoded file is not reused
    return fetched.error();
  }
  DecodeStats stats;
  wordsToStoredValues(words_, plane, stats);
  storedValuesToHu(words_, plane, hu, huFloat, stats);
  // Single-frame files are done with: free their pixel data now so memory stays one slice/thread.
  if (plane.frame == 0) {
    Sint32 frames = 1;
    file_->getDataset()->findAndGetSint32(DCM_NumberOfFrames, frames);
    if (frames <= 1) {
      file_.reset();
      loadedPath_.clear();
    }
  }
  return stats;
}

}  // namespace trocar::dicom::detail
