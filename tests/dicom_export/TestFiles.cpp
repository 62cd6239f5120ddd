#include "TestFiles.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdicent.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>

namespace trocar::testexport {
namespace fs = std::filesystem;

fs::path writeTestPdf(const fs::path& folder) {
  // Objects with their byte offsets in the cross-reference table, as a reader expects.
  std::string pdf = "%PDF-1.4\n";
  std::ostringstream xref;
  const char* objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  };
  xref << "xref\n0 4\n0000000000 65535 f \n";
  for (int i = 0; i < 3; ++i) {
    char offset[32];
    std::snprintf(offset, sizeof offset, "%010zu 00000 n \n", pdf.size());
    xref << offset;
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xrefAt = pdf.size();
  pdf += xref.str() + "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xrefAt) +
         "\n%%EOF\n";
  if (pdf.size() % 2 == 0) pdf += "\n";  // odd on purpose
  const fs::path path = folder / "report.pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  return path;
}

std::string fileBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string dicomValue(const fs::path& file, const std::string& keyword) {
  DcmFileFormat dicom;
  if (dicom.loadFile(file.c_str()).bad()) return "<unreadable>";
  const DcmDictEntry* entry = dcmDataDict.rdlock().findEntry(keyword.c_str());
  const DcmTagKey tag = entry ? entry->getKey() : DcmTagKey();
  dcmDataDict.rdunlock();
  if (!entry) return "<unknown keyword " + keyword + ">";
  DcmItem* item = tag.getGroup() == 0x0002 ? static_cast<DcmItem*>(dicom.getMetaInfo())
                                           : static_cast<DcmItem*>(dicom.getDataset());
  OFString value;
  if (!item->tagExists(tag)) return "<absent>";
  item->findAndGetOFStringArray(tag, value);
  return value.c_str();
}

std::string encapsulatedBytes(const fs::path& file) {
  DcmFileFormat dicom;
  if (dicom.loadFile(file.c_str()).bad()) return {};
  DcmElement* element = nullptr;
  if (dicom.getDataset()->findAndGetElement(DCM_EncapsulatedDocument, element).bad()) return {};
  Uint8* data = nullptr;
  if (element->getUint8Array(data).bad() || data == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(data), element->getLength());
}

}  // namespace trocar::testexport
