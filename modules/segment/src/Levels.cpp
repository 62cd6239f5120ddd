#include "trocar/segment/Levels.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace trocar::segment {

namespace {
// Built by appending: GCC 12 warns falsely (-Wrestrict) on "C" + std::to_string(n).
std::string named(char region, int number) {
  std::string s(1, region);
  s.append(std::to_string(number));
  return s;
}
}  // namespace

std::string levelName(int v) {
  if (v >= 1 && v <= 7) return named('C', v);
  if (v >= 8 && v <= 19) return named('T', v - 7);
  if (v >= 20 && v <= 25) return named('L', v - 19);
  if (v == verse::kSacrum) return "S";
  if (v == verse::kT13) return "T13";
  return "?";
}

int levelFromName(std::string_view name) {
  std::string s(name);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::toupper(c)); });
  if (s == "S" || s == "S1" || s == "SACRUM") return verse::kSacrum;
  if (s.size() < 2) return 0;
  int n = 0;
  for (size_t i = 1; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return 0;
    n = n * 10 + (s[i] - '0');
  }
  if (s[0] == 'C' && n >= 1 && n <= 7) return n;
  if (s[0] == 'T' && n >= 1 && n <= 12) return n + 7;
  if (s[0] == 'T' && n == 13) return verse::kT13;
  if (s[0] == 'L' && n >= 1 && n <= 6) return n + 19;
  return 0;
}

int levelBelow(int v, int steps, bool hasT13, bool hasL6) {
  // The column from the top as a list, with the transitional levels only when present.
  std::vector<int> column;
  for (int l = verse::kC1; l <= verse::kT12; ++l) column.push_back(l);
  if (hasT13) column.push_back(verse::kT13);
  for (int l = verse::kL1; l <= verse::kL5; ++l) column.push_back(l);
  if (hasL6) column.push_back(verse::kL6);
  column.push_back(verse::kSacrum);
  const auto it = std::find(column.begin(), column.end(), v);
  if (it == column.end()) return 0;
  const long pos = (it - column.begin()) + steps;
  if (pos < 0 || pos >= long(column.size())) return 0;
  return column[pos];
}

}  // namespace trocar::segment
