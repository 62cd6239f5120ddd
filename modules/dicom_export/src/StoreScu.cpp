#include "trocar/dicom_export/StoreScu.h"

#include <chrono>
#include <cstdio>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmnet/diutil.h>
#include <dcmtk/dcmnet/scu.h>
#include <dcmtk/oflog/oflog.h>

namespace trocar::dicom_export {
namespace {

std::string hex(unsigned status) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04X", status);
  return buf;
}

// C-STORE warnings (coercion, elements discarded, not matching the SOP class): stored all the same.
bool isStored(unsigned status) {
  return status == 0 || status == 0xB000 || status == 0xB006 || status == 0xB007;
}

// DCMTK would print its progress ("I: Requesting Association") on the console; as in the reader,
// its log is off and what went wrong comes back in the Error.
void quietDcmtk() {
  static const bool configured = [] {
    OFLog::configure(OFLogger::OFF_LOG_LEVEL);
    return true;
  }();
  (void)configured;
}

std::string nameOf(const std::string& sopClass) {
  return dcmFindNameOfUID(sopClass.c_str(), sopClass.c_str());
}

}  // namespace

core::Result<StoreReceipt> sendToPacs(const std::filesystem::path& file, const PacsPeer& peer) {
  quietDcmtk();
  const auto start = std::chrono::steady_clock::now();
  const std::string where = "sending " + file.filename().string() + " to " + describe(peer);

  DcmFileFormat dicomFile;
  if (const OFCondition loaded = dicomFile.loadFile(file.c_str()); loaded.bad())
    return core::Error{file.string(), std::string("cannot read as DICOM: ") + loaded.text()};
  DcmDataset& dataset = *dicomFile.getDataset();
  StoreReceipt receipt;
  OFString value;
  if (dataset.findAndGetOFString(DCM_SOPClassUID, value).good())
    receipt.sopClassUid = value.c_str();
  if (dataset.findAndGetOFString(DCM_SOPInstanceUID, value).good())
    receipt.sopInstanceUid = value.c_str();
  if (receipt.sopClassUid.empty() || receipt.sopInstanceUid.empty())
    return core::Error{file.string(), "no SOP Class or SOP Instance UID: not a storable object"};

  DcmSCU scu;
  scu.setAETitle(peer.callingAeTitle.c_str());
  scu.setPeerHostName(peer.host.c_str());
  scu.setPeerPort(peer.port);
  scu.setPeerAETitle(peer.calledAeTitle.c_str());
  // Bounded waits everywhere: a dead or silent PACS must not hang the export. (The connection
  // timeout is a DCMTK-wide setting; every sender in this process uses the same.)
  scu.setConnectionTimeout(peer.timeoutS);
  scu.setACSETimeout(static_cast<Uint32>(peer.timeoutS));
  scu.setDIMSEBlockingMode(DIMSE_NONBLOCKING);
  scu.setDIMSETimeout(static_cast<Uint32>(peer.timeoutS));

  // The file's own transfer syntax first, then the two every SCP must take.
  const std::string own = DcmXfer(dataset.getOriginalXfer()).getXferID();
  OFList<OFString> syntaxes;
  if (!own.empty()) syntaxes.push_back(own.c_str());
  for (const char* ts :
       {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax})
    if (own != ts) syntaxes.push_back(ts);
  scu.addPresentationContext(receipt.sopClassUid.c_str(), syntaxes);

  if (const OFCondition c = scu.initNetwork(); c.bad())
    return core::Error{where, std::string("cannot set up the network: ") + c.text()};
  if (const OFCondition c = scu.negotiateAssociation(); c.bad()) {
    if (c == DUL_ASSOCIATIONREJECTED)
      return core::Error{where, "association rejected by the PACS (is " + peer.callingAeTitle +
                                    " a known calling AE title there, and " + peer.calledAeTitle +
                                    " its AE title?)"};
    if (c == NET_EC_NoAcceptablePresentationContexts)
      return core::Error{where, "the PACS does not accept " + nameOf(receipt.sopClassUid) + " (" +
                                    receipt.sopClassUid + ")"};
    const std::string text = c.text();
    if (text.find("Connection refused") != std::string::npos)
      return core::Error{where, "connection refused (is the PACS running, and is " +
                                    std::to_string(peer.port) + " its DICOM port?)"};
    if (text.find("timeout") != std::string::npos || text.find("timed out") != std::string::npos)
      return core::Error{where,
                         "no answer within " + std::to_string(peer.timeoutS) + " s (" + text + ")"};
    return core::Error{where, "cannot connect: " + text};
  }
  const T_ASC_PresentationContextID context =
      scu.findAnyPresentationContextID(receipt.sopClassUid.c_str(), own.c_str());
  if (context == 0) {
    scu.releaseAssociation();
    return core::Error{where, "the PACS does not accept " + nameOf(receipt.sopClassUid) + " (" +
                                  receipt.sopClassUid + ")"};
  }
  Uint16 status = 0;
  const OFCondition sent = scu.sendSTORERequest(context, OFFilename(), &dataset, status);
  if (sent.bad()) {
    scu.abortAssociation();
    const std::string text = sent.text();
    // Orthanc, for one, aborts rather than answering with a status when the caller is unknown.
    if (text.find("aborted") != std::string::npos)
      return core::Error{where, "store failed: the PACS aborted the association (" + text +
                                    "); does it accept stores from " + peer.callingAeTitle + "?"};
    return core::Error{where, "store failed: " + text};
  }
  scu.releaseAssociation();
  receipt.status = status;
  if (!isStored(status))
    return core::Error{where, "store failed with status " + hex(status) + " (" +
                                  DU_cstoreStatusString(status) + ")"};
  receipt.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return receipt;
}

}  // namespace trocar::dicom_export
