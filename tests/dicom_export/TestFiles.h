#pragma once

#include <filesystem>
#include <string>

namespace trocar::testexport {

// A small valid one-page PDF of odd length (so DICOM's even-length padding shows), written here.
std::filesystem::path writeTestPdf(const std::filesystem::path& folder);

// The bytes of a file.
std::string fileBytes(const std::filesystem::path& file);

// One attribute of a DICOM file's data set as text, read with DCMTK; "<absent>" when missing.
std::string dicomValue(const std::filesystem::path& file, const std::string& keyword);

// The Encapsulated Document's bytes as stored (with any padding byte), read with DCMTK.
std::string encapsulatedBytes(const std::filesystem::path& file);

}  // namespace trocar::testexport
