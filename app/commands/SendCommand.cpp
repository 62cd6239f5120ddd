#include <cstdio>
#include <iostream>
#include <memory>

#include "Commands.h"
#include "PacsArgs.h"
#include "trocar/dicom_export/ReportDicom.h"
#include "trocar/dicom_export/StoreScu.h"

namespace trocar::app {

void addPacsOptions(CLI::App& cmd, PacsArgs& args, bool required) {
  auto* pacs = cmd.add_option("--pacs", args.address,
                              "PACS to send the report to: HOST:PORT of its DICOM (C-STORE) port");
  auto* aet = cmd.add_option("--aet", args.calledAeTitle, "The PACS's AE title (called AE)");
  if (required) {
    pacs->required();
    aet->required();
  }
  cmd.add_option("--calling-aet", args.callingAeTitle, "Our AE title, as the PACS knows us")
      ->capture_default_str();
  cmd.add_option("--timeout", args.timeoutS,
                 "Seconds to wait for the PACS at each step (connect, association, response)")
      ->capture_default_str();
}

std::string pacsArgsProblem(const PacsArgs& args) {
  if (args.address.empty()) return "";
  if (args.calledAeTitle.empty()) return "--pacs needs --aet (the PACS's AE title)";
  if (args.timeoutS < 1) return "--timeout must be at least 1 s";
  auto peer = dicom_export::parsePacsPeer(args.address, args.calledAeTitle, args.callingAeTitle);
  return peer ? "" : peer.error().message();
}

int sendDicomFile(const std::filesystem::path& file, const PacsArgs& args) {
  if (const std::string problem = pacsArgsProblem(args); !problem.empty()) {
    std::cerr << "error: " << problem << "\n";
    return 1;
  }
  auto peer = dicom_export::parsePacsPeer(args.address, args.calledAeTitle, args.callingAeTitle);
  peer->timeoutS = args.timeoutS;
  auto sent = dicom_export::sendToPacs(file, peer.value());
  if (!sent) {
    std::cerr << "error: " << sent.error().message() << "\n";
    return 1;
  }
  std::printf("sent %s to %s as %s in %.2f s\n", file.string().c_str(),
              dicom_export::describe(peer.value()).c_str(), peer->callingAeTitle.c_str(),
              sent->seconds);
  return 0;
}

int writeAndSendReportDicom(const std::filesystem::path& pdf, const image::SeriesMetadata& source,
                            bool deidentify, const std::filesystem::path& dicomOut,
                            const PacsArgs& args) {
  dicom_export::ReportDicomOptions options;
  options.deidentify = deidentify;
  auto written = dicom_export::writeReportDicom(pdf, source, dicomOut, options);
  if (!written) {
    std::cerr << "error: " << written.error().message() << "\n";
    return 1;
  }
  std::printf("DICOM report written to %s (Encapsulated PDF, %ju bytes, %s study %s)\n",
              written->path.string().c_str(), static_cast<uintmax_t>(written->fileBytes),
              deidentify ? "de-identified, new" : "the CT's", written->studyInstanceUid.c_str());
  return args.address.empty() ? 0 : sendDicomFile(written->path, args);
}

void addSendCommand(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto args = std::make_shared<PacsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "send", "Send a DICOM file (e.g. the report from `trocar report --dicom`) to a PACS");
  cmd->add_option("file", *file, "DICOM file to send")->required();
  addPacsOptions(*cmd, *args, true);
  cmd->callback([file, args] { exitCode() = sendDicomFile(*file, *args); });
}

}  // namespace trocar::app
