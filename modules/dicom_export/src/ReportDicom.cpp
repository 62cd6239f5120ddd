#include "trocar/dicom_export/ReportDicom.h"

#include <unistd.h>

#include <fstream>
#include <iterator>
#include <vector>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include "trocar/dicom/SeriesWriter.h"

namespace trocar::dicom_export {
namespace fs = std::filesystem;
namespace {

// High so that the report sorts after the acquired series in a PACS viewer's series list.
const char* kSeriesNumber = "9001";

core::Result<std::vector<uint8_t>> readPdf(const fs::path& pdf) {
  std::ifstream in(pdf, std::ios::binary);
  if (!in) return core::Error{pdf.string(), "cannot open the PDF to encapsulate"};
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) return core::Error{pdf.string(), "read error in the PDF to encapsulate"};
  static const char kMagic[] = "%PDF-";
  if (bytes.size() < 5 || !std::equal(kMagic, kMagic + 5, bytes.begin()))
    return core::Error{pdf.string(), "not a PDF (it does not start with %PDF-)"};
  return bytes;
}

// Collects the first failure of many puts, naming the attribute.
class Putter {
 public:
  explicit Putter(DcmItem& item) : item_(item) {}
  void str(const DcmTagKey& tag, const std::string& value) {
    check(item_.putAndInsertString(tag, value.c_str()), tag);
  }
  void check(const OFCondition& cond, const DcmTagKey& tag) {
    if (cond.bad() && failure_.empty())
      failure_ = std::string("cannot set ") + DcmTag(tag).getTagName() + ": " + cond.text();
  }
  const std::string& failure() const { return failure_; }

 private:
  DcmItem& item_;
  std::string failure_;
};

void putPatientAndStudy(Putter& put, const image::SeriesMetadata& m, bool deidentify,
                        const std::string& studyUid) {
  // Type 2 attributes: present, and empty when de-identifying or when the source left them out.
  const auto keep = [&](const std::string& value) { return deidentify ? std::string() : value; };
  put.str(DCM_PatientName, keep(m.patientName));
  put.str(DCM_PatientID, keep(m.patientId));
  put.str(DCM_PatientBirthDate, keep(m.patientBirthDate));
  put.str(DCM_PatientSex, m.patientSex);  // the de-identified report shows it too
  put.str(DCM_StudyInstanceUID, studyUid);
  put.str(DCM_StudyDate, keep(m.studyDate));
  put.str(DCM_StudyTime, keep(m.studyTime));
  put.str(DCM_AccessionNumber, keep(m.accessionNumber));
  put.str(DCM_ReferringPhysicianName, keep(m.referringPhysicianName));
  put.str(DCM_StudyID, keep(m.studyId));  // the site's own number for the study
  if (!deidentify && !m.studyDescription.empty()) put.str(DCM_StudyDescription, m.studyDescription);
  if (deidentify) {
    put.str(DCM_PatientIdentityRemoved, "YES");
    put.str(DCM_DeidentificationMethod,
            "Trocar report de-identification: name, ID, birth date, accession number, "
            "referring physician, study ID, study date and UIDs removed");
  }
}

}  // namespace

std::string reportDicomProblem(const image::SeriesMetadata& source, bool deidentify) {
  if (deidentify || !source.studyInstanceUid.empty()) return "";
  return "the CT names no study (no Study Instance UID: volume files and some anonymised series "
         "carry none), so the report has no patient and study to be filed in; load the DICOM "
         "series, or de-identify the report";
}

core::Result<ReportDicomSummary> writeReportDicom(const fs::path& pdf,
                                                  const image::SeriesMetadata& source,
                                                  const fs::path& out,
                                                  const ReportDicomOptions& options) {
  if (const std::string problem = reportDicomProblem(source, options.deidentify); !problem.empty())
    return core::Error{out.string(), problem};
  auto bytes = readPdf(pdf);
  if (!bytes) return bytes.error();

  ReportDicomSummary summary;
  summary.studyInstanceUid = options.deidentify ? dicom::newDicomUid() : source.studyInstanceUid;
  summary.seriesInstanceUid = dicom::newDicomUid();
  summary.sopInstanceUid = dicom::newDicomUid();
  summary.pdfBytes = bytes->size();
  const dicom::DicomDateTime created = dicom::dicomNow();

  DcmFileFormat file;
  DcmDataset& ds = *file.getDataset();
  Putter put(ds);
  // The source's text is kept as its bytes, so it keeps its character set; ours is ASCII.
  if (!options.deidentify && !source.specificCharacterSet.empty())
    put.str(DCM_SpecificCharacterSet, source.specificCharacterSet);
  put.str(DCM_SOPClassUID, kEncapsulatedPdfStorage);
  put.str(DCM_SOPInstanceUID, summary.sopInstanceUid);
  put.str(DCM_InstanceCreationDate, created.date);
  put.str(DCM_InstanceCreationTime, created.time);
  putPatientAndStudy(put, source, options.deidentify, summary.studyInstanceUid);
  // Encapsulated Document Series and General/SC Equipment.
  put.str(DCM_Modality, "DOC");
  put.str(DCM_SeriesInstanceUID, summary.seriesInstanceUid);
  put.str(DCM_SeriesNumber, kSeriesNumber);
  put.str(DCM_SeriesDescription, options.seriesDescription);
  put.str(DCM_Manufacturer, "Trocar");
  put.str(DCM_SoftwareVersions, TROCAR_VERSION);
  put.str(DCM_ConversionType, "WSD");  // made on a workstation
  // Encapsulated Document.
  put.str(DCM_InstanceNumber, "1");
  put.str(DCM_ContentDate, created.date);
  put.str(DCM_ContentTime, created.time);
  put.str(DCM_AcquisitionDateTime, "");
  put.str(DCM_BurnedInAnnotation, "YES");
  put.str(DCM_DocumentTitle, options.documentTitle);
  put.check(ds.insertEmptyElement(DCM_ConceptNameCodeSequence), DCM_ConceptNameCodeSequence);
  put.str(DCM_MIMETypeOfEncapsulatedDocument, "application/pdf");
  // OB is padded to an even length; the length attribute keeps the PDF's own.
  put.check(
      ds.putAndInsertUint32(DCM_EncapsulatedDocumentLength, static_cast<Uint32>(bytes->size())),
      DCM_EncapsulatedDocumentLength);
  put.check(ds.putAndInsertUint8Array(DCM_EncapsulatedDocument, bytes->data(),
                                      static_cast<unsigned long>(bytes->size())),
            DCM_EncapsulatedDocument);
  if (!put.failure().empty()) return core::Error{out.string(), put.failure()};

  std::error_code ec;
  if (fs::path parent = out.parent_path(); !parent.empty() && !fs::is_directory(parent, ec))
    return core::Error{out.string(), "the folder " + parent.string() + " does not exist"};
  fs::path temp = out;
  temp += ".tmp" + std::to_string(::getpid());
  const OFCondition saved = file.saveFile(temp.c_str(), EXS_LittleEndianExplicit);
  if (saved.bad()) {
    fs::remove(temp, ec);
    return core::Error{out.string(), std::string("cannot write: ") + saved.text()};
  }
  fs::rename(temp, out, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(temp, ec);
    return core::Error{out.string(), "cannot move the written file into place: " + why};
  }
  summary.path = out;
  summary.fileBytes = fs::file_size(out, ec);
  return summary;
}

}  // namespace trocar::dicom_export
