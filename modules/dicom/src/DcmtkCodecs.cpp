#include "DcmtkCodecs.h"

#include <mutex>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcerror.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

namespace trocar::dicom::detail {

void ensureDcmtkReady() {
  static std::once_flag once;
  std::call_once(once, [] {
    OFLog::configure(OFLogger::OFF_LOG_LEVEL);
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
  });
}

std::string plainReason(const OFCondition& condition) {
  if (condition == EC_StreamNotifyClient || condition == EC_EndOfStream)
    return "the file ends in the middle of the data set (truncated)";
  if (condition == EC_InvalidStream) return "the data set is corrupt or cut short (invalid stream)";
  if (condition == EC_InvalidTag) return "the data set holds an invalid tag (corrupt file)";
  if (condition == EC_CorruptedData) return "the data set is corrupt";
  if (condition == EC_FileMetaInfoHeaderMissing) return "no DICOM file meta header";
  return condition.text();
}

}  // namespace trocar::dicom::detail
