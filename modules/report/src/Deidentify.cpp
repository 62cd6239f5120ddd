#include "trocar/report/Deidentify.h"

#include <cctype>

namespace trocar::report {
namespace {

const char* kRemoved = "removed";

// YYYYMMDD -> {year, month, day}; nullopt when it is not eight digits.
struct Date {
  int year, month, day;
};
std::optional<Date> parseDate(const std::string& text) {
  if (text.size() < 8) return std::nullopt;
  for (int i = 0; i < 8; ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  return Date{std::stoi(text.substr(0, 4)), std::stoi(text.substr(4, 2)),
              std::stoi(text.substr(6, 2))};
}

}  // namespace

std::optional<int> ageInYears(const std::string& dicomAge, const std::string& birthDate,
                              const std::string& studyDate) {
  // DICOM AS: three digits and a unit, D(ays), W(eeks), M(onths) or Y(ears).
  if (dicomAge.size() == 4 && std::isdigit(static_cast<unsigned char>(dicomAge[0])) &&
      std::isdigit(static_cast<unsigned char>(dicomAge[1])) &&
      std::isdigit(static_cast<unsigned char>(dicomAge[2]))) {
    const int n = std::stoi(dicomAge.substr(0, 3));
    switch (std::toupper(static_cast<unsigned char>(dicomAge[3]))) {
      case 'Y':
        return n;
      case 'M':
        return n / 12;
      case 'W':
        return n / 52;
      case 'D':
        return n / 365;
      default:
        break;
    }
  }
  const auto born = parseDate(birthDate);
  const auto seen = parseDate(studyDate);
  if (!born || !seen) return std::nullopt;
  int years = seen->year - born->year;
  if (seen->month < born->month || (seen->month == born->month && seen->day < born->day)) --years;
  if (years < 0) return std::nullopt;
  return years;
}

std::string ageBand(int years) {
  if (years >= 90) return "90 years or older";
  const int low = years / 10 * 10;
  return std::to_string(low) + "-" + std::to_string(low + 9) + " years";
}

PatientHeader deidentified(const PatientHeader& header, std::optional<int> ageYears) {
  PatientHeader out = header;
  out.patientName = kRemoved;
  out.patientId = kRemoved;
  out.birthDate = kRemoved;
  out.studyInstanceUid = kRemoved;
  out.seriesInstanceUid = kRemoved;
  out.institution = header.institution.empty() ? "" : kRemoved;
  out.age = ageYears ? ageBand(*ageYears) : "";
  // The year alone is enough to place the study in time and too coarse to match a visit.
  out.studyDate = parseDate(header.studyDate) ? header.studyDate.substr(0, 4) : "";
  out.deidentified = true;
  return out;
}

}  // namespace trocar::report
