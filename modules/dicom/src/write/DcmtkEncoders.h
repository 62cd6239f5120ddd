#pragma once

namespace trocar::dicom::writer {

// Registers DCMTK's JPEG and RLE encoders once per process (thread-safe; codecs then serve all
// writer threads) and keeps DCMTK's logger quiet: failures reach callers as core::Error.
void ensureEncodersReady();

}  // namespace trocar::dicom::writer
