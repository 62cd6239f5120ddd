#include "PixelDecoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
  return uid == "1.2.840.10008.1.2.4.90" ||
         uid == "1.2.840.10008.1.2.4.91" ||  // JPEG 2000 (lossless only) / lossy
         uid == "1.2.840.10008.1.2.4.92" || uid == "1.2.840.10008.1.2.4.93";  // JPEG 2000 Part 2
}

// How the raw words of one frame are read as stored values. Real files often disagree with their
// own Bits Stored / Pixel Representation (e.g. -2000 padding written into all 16 bits of a 12-bit
// unsigned image), so the choice looks at the data.
enum class Reading {
  kStrict,        // within Bits Stored: mask and sign-extend as the header says
  kFullSigned,    // values escape Bits Stored: the whole word, two's complement
  kFullUnsigned,  // values escape Bits Stored: the whole word, unsigned
};

struct WordLayout {
  unsigned allocated, stored, shift;
  uint32_t fullMask, valueMask, storedMask;
  bool isSigned;

  explicit WordLayout(const ImagePlane& plane)
      : allocated(plane.bitsAllocated >= 32 ? 32u : plane.bitsAllocated),
        stored(std::min<unsigned>(plane.bitsStored, allocated)),
        shift(plane.highBit + 1u >= stored ? plane.highBit + 1u - stored : 0u),
        isSigned(plane.pixelRepresentation == 1) {
    if (shift + stored > allocated) shift = 0;
    fullMask = allocated >= 32 ? 0xFFFFFFFFu : (1u << allocated) - 1u;
    valueMask = stored >= 32 ? 0xFFFFFFFFu : (1u << stored) - 1u;
    storedMask = valueMask << shift;
  }
};

template <typename Word>
Reading chooseReading(const Word* words, size_t n, const WordLayout& layout, DecodeStats& stats) {
  if (layout.allocated >= 32)
    return layout.isSigned ? Reading::kFullSigned : Reading::kFullUnsigned;
  uint32_t outside = 0;
  for (size_t i = 0; i < n; ++i)
    outside |= static_cast<uint32_t>(words[i]) & layout.fullMask & ~layout.storedMask;
  if (outside == 0) return Reading::kStrict;
  stats.bitsStoredIgnored = true;
  if (layout.isSigned) return Reading::kFullSigned;
  // Unsigned data whose escaping words are all sign extensions of a Bits-Stored value was
  // written signed.
  const uint32_t upper =
      layout.fullMask & ~((1u << (layout.stored - 1)) - 1u);  // sign bit and above
  for (size_t i = 0; i < n; ++i) {
    const uint32_t u = static_cast<uint32_t>(words[i]) & layout.fullMask;
    if ((u & ~layout.storedMask) != 0 && (u & upper) != upper) return Reading::kFullUnsigned;
  }
  stats.readAsSigned = true;
  return Reading::kFullSigned;
}

int32_t storedValue(uint32_t word, const WordLayout& layout, Reading reading) {
  if (reading == Reading::kStrict) {
    int32_t v = static_cast<int32_t>((word >> layout.shift) & layout.valueMask);
    if (layout.isSigned && layout.stored < 32 && (v & (1 << (layout.stored - 1))))
      v -= static_cast<int32_t>(1u << layout.stored);
    return v;
  }
  if (layout.allocated >= 32) return static_cast<int32_t>(word);
  const int32_t v = static_cast<int32_t>(word);
  const int32_t range = static_cast<int32_t>(1u << layout.allocated);
  return reading == Reading::kFullSigned && v >= range / 2 ? v - range : v;
}

// Converts one frame of raw words to HU. `hu` may be the very buffer `words` points into (the
// direct-read path): element i is read before it is written.
template <typename Word>
void wordsToHu(const Word* words, size_t n, const ImagePlane& plane, int16_t* hu, float* huFloat,
               DecodeStats& stats) {
  const WordLayout layout(plane);
  const Reading reading = chooseReading(words, n, layout, stats);
  const bool hasPadding = plane.paddingValue.has_value();
  // Compare padding on the raw word so it matches whether the value was read signed or not.
  const uint32_t padWord =
      hasPadding ? static_cast<uint32_t>(*plane.paddingValue) & layout.fullMask : 0;
  const double slope = plane.rescaleSlope, intercept = plane.rescaleIntercept;
  const bool integral =
      slope == 1.0 && intercept == std::floor(intercept) && std::abs(intercept) < 1e6;
  const int32_t offset = static_cast<int32_t>(intercept);

  // The common CT case, kept free of branches so it vectorises: 16-bit words that need no
  // masking, an integral intercept, no padding, no float copy.
  const bool plainUnsigned = !layout.isSigned && reading == Reading::kStrict && layout.shift == 0;
  const bool plainSigned =
      layout.isSigned && layout.allocated == 16 &&
      (reading == Reading::kFullSigned || (reading == Reading::kStrict && layout.stored == 16));
  if (sizeof(Word) == 2 && integral && !hasPadding && huFloat == nullptr &&
      (plainUnsigned || plainSigned)) {
    size_t clamped = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint16_t w = static_cast<uint16_t>(words[i]);
      const int32_t v =
          (plainSigned ? static_cast<int32_t>(static_cast<int16_t>(w)) : static_cast<int32_t>(w)) +
          offset;
      const int32_t c = std::clamp(v, -32768, 32767);
      clamped += c != v;
      hu[i] = static_cast<int16_t>(c);
    }
    stats.clampedVoxels += clamped;
    return;
  }

  for (size_t i = 0; i < n; ++i) {
    const uint32_t word = static_cast<uint32_t>(words[i]) & layout.fullMask;
    if (hasPadding && word == padWord) {
      ++stats.paddingVoxels;
      hu[i] = kPaddingHu;
      if (huFloat) huFloat[i] = kPaddingHu;
      continue;
    }
    const int32_t v = storedValue(word, layout, reading);
    double h = integral ? static_cast<double>(v) + offset : slope * v + intercept;
    if (huFloat) huFloat[i] = static_cast<float>(h);
    if (h < -32768.0 || h > 32767.0) {
      ++stats.clampedVoxels;
      h = std::clamp(h, -32768.0, 32767.0);
    }
    hu[i] = static_cast<int16_t>(integral ? h : std::nearbyint(h));
  }
}

bool isNativeLittleEndian(const std::string& uid) {
  return uid == "1.2.840.10008.1.2" || uid == "1.2.840.10008.1.2.1";
}

// Reads a native little-endian 16-bit frame straight from the file into `destination`, when the
// Pixel Data element is the last one of the file (almost always): its header must sit right before
// the last rows*columns*frames*2 bytes. Returns false to fall back to DCMTK otherwise.
bool readNativeFrameDirectly(const ImagePlane& plane, uint16_t* destination) {
  if (plane.bitsAllocated != 16 || !isNativeLittleEndian(plane.transferSyntaxUid)) return false;
  const int fd = ::open(plane.file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info {};
  bool ok = false;
  const uint64_t frameBytes = uint64_t(plane.rows) * plane.columns * 2;
  const uint64_t length = frameBytes * static_cast<uint64_t>(std::max(1, plane.framesInFile));
  if (::fstat(fd, &info) == 0 && static_cast<uint64_t>(info.st_size) >= length + 12) {
    const uint64_t start = static_cast<uint64_t>(info.st_size) - length;
    unsigned char header[12];
    if (::pread(fd, header, sizeof header, static_cast<off_t>(start - 12)) == 12) {
      auto le32 = [](const unsigned char* p) {
        return p[0] | (p[1] << 8) | (p[2] << 16) | (uint32_t(p[3]) << 24);
      };
      const unsigned char tag[4] = {0xE0, 0x7F, 0x10, 0x00};
      const bool explicitVr = std::memcmp(header, tag, 4) == 0 && (header[4] == 'O') &&
                              (header[5] == 'W' || header[5] == 'B') && le32(header + 8) == length;
      const bool implicitVr = std::memcmp(header + 4, tag, 4) == 0 && le32(header + 8) == length;
      if (explicitVr || implicitVr) {
        const off_t offset =
            static_cast<off_t>(start + frameBytes * static_cast<uint64_t>(plane.frame));
        auto* bytes = reinterpret_cast<char*>(destination);
        uint64_t done = 0;
        while (done < frameBytes) {
          const ssize_t got =
              ::pread(fd, bytes + done, frameBytes - done, offset + static_cast<off_t>(done));
          if (got <= 0) break;
          done += static_cast<uint64_t>(got);
        }
        ok = done == frameBytes;
      }
    }
  }
  ::close(fd);
  return ok;
}

// Index (in the pixel sequence, item 0 being the offset table) of the first fragment of `frame`.
// One fragment per frame is the rule for RLE and the common case; otherwise a frame starts at a
// fragment beginning with a JPEG SOI marker (FFD8), whose codestreams cannot start otherwise.
core::Result<uint32_t> firstFragmentOfFrame(DcmDataset& dataset, DcmPixelData& pixelData,
                                            int frame) {
  DcmPixelSequence* sequence = nullptr;
  if (pixelData.getEncapsulatedRepresentation(dataset.getOriginalXfer(), nullptr, sequence).bad() ||
      !sequence)
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
    if (sequence->getItem(item, i).bad() || item->getUint8Array(data).bad() || data == nullptr)
      continue;
    if (item->getLength() >= 2 && data[0] == 0xFF && data[1] == 0xD8 && ++seen == frame)
      return static_cast<uint32_t>(i);
  }
  return core::Error{"", "frame " + std::to_string(frame) + " not found among " +
                             std::to_string(items - 1) + " compressed fragments"};
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
  const OFCondition status =
      file_->loadFile(file.c_str(), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
  if (status.bad()) {
    file_.reset();
    return core::Error{file.string(), "cannot read pixel data: " + plainReason(status)};
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
    rawIsJ2k_ = false;
    if (bytesPerSample == 2) {
      raw16_ = p;  // DCMTK's buffer, already in host byte order
    } else if (bytesPerSample == 1) {
      for (size_t i = 0; i < pixels; ++i) words_[i] = p[i];
    } else {
      std::memcpy(words_.data(), p, pixels * 4);
    }
    return true;
  }

  if (isJ2kSyntax(xfer.getXferID())) {
    DcmPixelSequence* sequence = nullptr;
    if (pixelData->getEncapsulatedRepresentation(dataset->getOriginalXfer(), nullptr, sequence)
            .bad() ||
        !sequence)
      return core::Error{where, "JPEG 2000 pixel data has no fragment sequence"};
    // Item 0 is the offset table. Gather the fragments of our frame: one per frame when the
    // counts match, else split where a fragment starts a new codestream.
    const unsigned long items = sequence->card();
    Sint32 frames = 1;
    dataset->findAndGetSint32(DCM_NumberOfFrames, frames);
    scratch_.clear();
    int frame = -1;
    const bool onePerFrame =
        items >= 1 && items - 1 == static_cast<unsigned long>(std::max<Sint32>(frames, 1));
    for (unsigned long i = 1; i < items; ++i) {
      DcmPixelItem* item = nullptr;
      Uint8* data = nullptr;
      if (sequence->getItem(item, i).bad() || item->getUint8Array(data).bad())
        return core::Error{where, "unreadable JPEG 2000 fragment " + std::to_string(i)};
      const size_t length = item->getLength();
      const bool startsFrame =
          onePerFrame || frame < 0 || (data != nullptr && startsJ2kFrame(data, length));
      if (startsFrame) ++frame;
      if (frame == plane.frame && data != nullptr)
        scratch_.insert(scratch_.end(), data, data + length);
      if (frame > plane.frame) break;
    }
    if (scratch_.empty())
      return core::Error{where, "JPEG 2000 frame " + std::to_string(plane.frame) + " not found"};
    auto decoded = decodeJ2k(scratch_.data(), scratch_.size(), words_);
    if (!decoded) return core::Error{where, decoded.error().reason};
    if (decoded->width != plane.columns || decoded->height != plane.rows)
      return core::Error{where, "JPEG 2000 frame is " + std::to_string(decoded->width) + "x" +
                                    std::to_string(decoded->height) + ", header says " +
                                    std::to_string(plane.columns) + "x" +
                                    std::to_string(plane.rows)};
    // Re-expressed as raw words (below, by the mask in wordsToHu), the same Bits Stored / sign
    // logic applies to every syntax.
    rawIsJ2k_ = true;
    return true;
  }

  // JPEG, JPEG-LS, RLE: DCMTK's codecs, one frame at a time.
  Uint32 frameBytes = 0;
  if (pixelData->getUncompressedFrameSize(dataset, frameBytes).bad() ||
      frameBytes < pixels * bytesPerSample)
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
  const OFCondition status = pixelData->getUncompressedFrame(
      dataset, static_cast<Uint32>(plane.frame), startFragment, scratch_.data(),
      static_cast<Uint32>(scratch_.size()), colorModel);
  if (status.bad())
    return core::Error{where, std::string("corrupt compressed pixel data (") + xfer.getXferName() +
                                  "): " + status.text()};
  nextFragment_ = startFragment;
  lastFrame_ = plane.frame;
  rawIsJ2k_ = false;
  if (bytesPerSample == 2) {
    raw16_ = scratch_.data();
  } else if (bytesPerSample == 1) {
    for (size_t i = 0; i < pixels; ++i) words_[i] = scratch_[i];
  } else {
    std::memcpy(words_.data(), scratch_.data(), pixels * 4);
  }
  return true;
}

core::Result<DecodeStats> PixelDecoder::decode(const ImagePlane& plane, int16_t* hu,
                                               float* huFloat) {
  const size_t pixels = static_cast<size_t>(plane.rows) * plane.columns;
  DecodeStats stats;
  // Fast path: the file's bytes land in the volume and are converted where they lie.
  if (readNativeFrameDirectly(plane, reinterpret_cast<uint16_t*>(hu))) {
    wordsToHu(reinterpret_cast<const uint16_t*>(hu), pixels, plane, hu, huFloat, stats);
    return stats;
  }
  ensureDcmtkReady();
  auto loaded = load(plane.file);
  if (!loaded) return loaded.error();
  auto fetched = fetchRaw(plane);
  if (!fetched) {
    file_.reset();  // a half-decoded file is not reused
    return fetched.error();
  }
  if (plane.bitsAllocated == 16 && !rawIsJ2k_)
    wordsToHu(reinterpret_cast<const uint16_t*>(raw16_), pixels, plane, hu, huFloat, stats);
  else
    wordsToHu(words_.data(), pixels, plane, hu, huFloat, stats);
  // Single-frame files are done with: free their pixel data now so memory stays one slice/thread.
  if (plane.framesInFile <= 1) {
    file_.reset();
    loadedPath_.clear();
  }
  return stats;
}

}  // namespace trocar::dicom::detail
