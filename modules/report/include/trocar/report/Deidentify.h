#pragma once

#include <optional>
#include <string>

#include "trocar/report/ReportContent.h"

namespace trocar::report {

// Age in whole years from DICOM Patient's Age ("063Y", "011M", ...), or else from the birth date
// and the study date (both YYYYMMDD); empty when neither says.
std::optional<int> ageInYears(const std::string& dicomAge, const std::string& birthDate,
                              const std::string& studyDate);

// "60-69 years"; "90 years or older" (the top band is open so the very old are not singled out).
std::string ageBand(int years);

// The header with what identifies the patient removed: name, ID, birth date, UIDs and
// institution replaced by "removed", age turned into its band, study date kept as its year.
// The volume checksum stays: it ties the report to its voxels, not to a person.
PatientHeader deidentified(const PatientHeader& header, std::optional<int> ageYears);

}  // namespace trocar::report
