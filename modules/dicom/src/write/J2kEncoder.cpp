#include "J2kEncoder.h"

#include <algorithm>
#include <cstring>
#include <memory>

// ITK puts its own name-mangled openjpeg.h on the include path: name the system one exactly.
#include <openjpeg-2.5/openjpeg.h>

namespace trocar::dicom::writer {
namespace {

// OpenJPEG writes through callbacks; this grows a byte vector and honours seeks/skips (the
// codec seeks back to patch marker lengths).
struct MemoryStream {
  std::vector<uint8_t> bytes;
  size_t position = 0;
};

OPJ_SIZE_T writeBytes(void* buffer, OPJ_SIZE_T count, void* user) {
  auto* s = static_cast<MemoryStream*>(user);
  if (s->position + count > s->bytes.size()) s->bytes.resize(s->position + count);
  std::memcpy(s->bytes.data() + s->position, buffer, count);
  s->position += count;
  return count;
}

OPJ_OFF_T skipBytes(OPJ_OFF_T count, void* user) {
  auto* s = static_cast<MemoryStream*>(user);
  if (count < 0 && size_t(-count) > s->position) return -1;
  s->position = size_t(OPJ_OFF_T(s->position) + count);
  if (s->position > s->bytes.size()) s->bytes.resize(s->position);
  return count;
}

OPJ_BOOL seekTo(OPJ_OFF_T offset, void* user) {
  auto* s = static_cast<MemoryStream*>(user);
  if (offset < 0) return OPJ_FALSE;
  s->position = size_t(offset);
  if (s->position > s->bytes.size()) s->bytes.resize(s->position);
  return OPJ_TRUE;
}

struct CodecDeleter {
  void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct ImageDeleter {
  void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};
struct StreamDeleter {
  void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};

}  // namespace

core::Result<std::vector<uint8_t>> encodeJ2kLossless(const uint16_t* samples, int columns, int rows,
                                                     bool isSigned) {
  const core::Error failed{"", "OpenJPEG could not encode the frame as lossless JPEG 2000"};
  if (columns <= 0 || rows <= 0) return core::Error{"", "empty frame for JPEG 2000"};

  opj_image_cmptparm_t component{};
  component.dx = component.dy = 1;
  component.w = OPJ_UINT32(columns);
  component.h = OPJ_UINT32(rows);
  component.prec = 16;
  component.sgnd = isSigned ? 1 : 0;
  std::unique_ptr<opj_image_t, ImageDeleter> image(
      opj_image_create(1, &component, OPJ_CLRSPC_GRAY));
  if (!image) return failed;
  image->x0 = image->y0 = 0;
  image->x1 = OPJ_UINT32(columns);
  image->y1 = OPJ_UINT32(rows);
  OPJ_INT32* out = image->comps[0].data;
  const size_t count = size_t(columns) * size_t(rows);
  if (isSigned) {
    for (size_t i = 0; i < count; ++i) out[i] = static_cast<int16_t>(samples[i]);
  } else {
    for (size_t i = 0; i < count; ++i) out[i] = samples[i];
  }

  opj_cparameters_t parameters;
  opj_set_default_encoder_parameters(&parameters);
  parameters.irreversible = 0;  // reversible 5/3 wavelet and RCT: lossless
  parameters.tcp_numlayers = 1;
  parameters.tcp_rates[0] = 0;  // no rate target: keep every bit
  parameters.cp_disto_alloc = 1;
  // Selective arithmetic-coding bypass ("lazy" mode): the low bit planes of noisy CT are raw
  // bits anyway; skipping the MQ coder for them makes encoding markedly faster at the same
  // losslessness, and every Part 1 decoder handles it.
  parameters.mode = 1;
  // Each resolution level halves the image; small frames get fewer levels.
  int levels = 6;
  while (levels > 1 && (std::min(columns, rows) >> (levels - 1)) < 1) --levels;
  parameters.numresolution = levels;

  std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_compress(OPJ_CODEC_J2K));
  if (!codec || !opj_setup_encoder(codec.get(), &parameters, image.get())) return failed;

  MemoryStream memory;
  memory.bytes.reserve(count);  // lossless CT usually compresses to well under half
  std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(1 << 16, OPJ_FALSE));
  if (!stream) return failed;
  opj_stream_set_user_data(stream.get(), &memory, nullptr);
  opj_stream_set_write_function(stream.get(), writeBytes);
  opj_stream_set_skip_function(stream.get(), skipBytes);
  opj_stream_set_seek_function(stream.get(), seekTo);

  if (!opj_start_compress(codec.get(), image.get(), stream.get()) ||
      !opj_encode(codec.get(), stream.get()) || !opj_end_compress(codec.get(), stream.get()))
    return failed;
  stream.reset();  // flushes the last buffered bytes into `memory`
  memory.bytes.resize(std::max(memory.bytes.size(), memory.position));
  return std::move(memory.bytes);
}

}  // namespace trocar::dicom::writer
