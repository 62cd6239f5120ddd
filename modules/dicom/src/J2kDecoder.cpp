#include "J2kDecoder.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

// ITK ships its own name-mangled openjpeg.h on the include path: name the system one exactly.
#include <openjpeg-2.5/openjpeg.h>

namespace trocar::dicom::detail {

namespace {

struct MemoryStream {
  const uint8_t* data;
  size_t size;
  size_t position = 0;
};

OPJ_SIZE_T readStream(void* buffer, OPJ_SIZE_T count, void* user) {
  auto* s = static_cast<MemoryStream*>(user);
  if (s->position >= s->size) return static_cast<OPJ_SIZE_T>(-1);
  const size_t n = std::min<size_t>(count, s->size - s->position);
  std::memcpy(buffer, s->data + s->position, n);
  s->position += n;
  return n;
}

OPJ_OFF_T skipStream(OPJ_OFF_T count, void* user) {
  auto* s = static_cast<MemoryStream*>(user);
  const OPJ_OFF_T available = static_cast<OPJ_OFF_T>(s->size - s->position);
  const OPJ_OFF_T n = std::clamp<OPJ_OFF_T>(count, -static_cast<OPJ_OFF_T>(s->position), available);
  s->position = static_cast<size_t>(static_cast<OPJ_OFF_T>(s->position) + n);
  return n;
}

OPJ_BOOL seekStream(OPJ_OFF_T target, void* user) {
  auto* s = static_cast<MemoryStream*>(user);
  if (target < 0 || static_cast<size_t>(target) > s->size) return OPJ_FALSE;
  s->position = static_cast<size_t>(target);
  return OPJ_TRUE;
}

void collectMessage(const char* message, void* user) {
  auto* text = static_cast<std::string*>(user);
  if (text->empty()) *text = message;
  while (!text->empty() && text->back() == '\n') text->pop_back();
}
void ignoreMessage(const char*, void*) {}

bool isJp2(const uint8_t* d, size_t n) {
  static const uint8_t signature[] = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' '};
  return n >= sizeof signature && std::memcmp(d, signature, sizeof signature) == 0;
}

}  // namespace

bool startsJ2kFrame(const uint8_t* data, size_t size) {
  return (size >= 2 && data[0] == 0xFF && data[1] == 0x4F) || isJp2(data, size);
}

core::Result<J2kImage> decodeJ2k(const uint8_t* data, size_t size, std::vector<int32_t>& samples) {
  if (!startsJ2kFrame(data, size))
    return core::Error{"", "JPEG 2000 frame has no codestream or JP2 signature"};
  MemoryStream memory{data, size};
  std::unique_ptr<opj_stream_t, decltype(&opj_stream_destroy)> stream(
      opj_stream_create(1 << 16, OPJ_TRUE), opj_stream_destroy);
  opj_stream_set_user_data(stream.get(), &memory, nullptr);
  opj_stream_set_user_data_length(stream.get(), size);
  opj_stream_set_read_function(stream.get(), readStream);
  opj_stream_set_skip_function(stream.get(), skipStream);
  opj_stream_set_seek_function(stream.get(), seekStream);

  std::unique_ptr<opj_codec_t, decltype(&opj_destroy_codec)> codec(
      opj_create_decompress(isJp2(data, size) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K), opj_destroy_codec);
  std::string error;
  opj_set_error_handler(codec.get(), collectMessage, &error);
  opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
  opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  if (!opj_setup_decoder(codec.get(), &parameters))
    return core::Error{"", "cannot set up the JPEG 2000 decoder"};

  opj_image_t* raw = nullptr;
  if (!opj_read_header(stream.get(), codec.get(), &raw))
    return core::Error{
        "", "corrupt JPEG 2000 header: " + (error.empty() ? std::string("unreadable") : error)};
  std::unique_ptr<opj_image_t, decltype(&opj_image_destroy)> image(raw, opj_image_destroy);
  if (!opj_decode(codec.get(), stream.get(), image.get()) ||
      !opj_end_decompress(codec.get(), stream.get()))
    return core::Error{
        "", "corrupt JPEG 2000 data: " + (error.empty() ? std::string("decoding failed") : error)};
  if (image->numcomps < 1 || image->comps[0].data == nullptr)
    return core::Error{"", "JPEG 2000 frame decoded to no samples"};

  const opj_image_comp_t& c = image->comps[0];
  J2kImage info{c.w, c.h, c.prec, c.sgnd != 0};
  samples.assign(c.data, c.data + static_cast<size_t>(c.w) * c.h);
  return info;
}

}  // namespace trocar::dicom::detail
