#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

#include "trocar/image/CtVolume.h"

// The PACS options shared by `trocar send`, `trocar report` and `trocar pipeline`, and the send
// itself with its console lines (SendCommand.cpp).
namespace trocar::app {

struct PacsArgs {
  std::string address;  // HOST:PORT; empty: do not send
  std::string calledAeTitle, callingAeTitle = "TROCAR";
  int timeoutS = 10;
};

// --pacs, --aet, --calling-aet, --timeout. With `required`, --pacs and --aet must be given;
// otherwise --aet is needed only with --pacs (checked by sendDicomFile).
void addPacsOptions(CLI::App& cmd, PacsArgs& args, bool required);

// What is wrong with the options ("" when fine or when nothing is to be sent), so a command can
// refuse a typo before its long work rather than after.
std::string pacsArgsProblem(const PacsArgs& args);

// Sends `file` and prints where it went; on failure prints "error: ..." and returns 1.
int sendDicomFile(const std::filesystem::path& file, const PacsArgs& args);

// The report PDF as DICOM (Encapsulated PDF in the CT's patient and study, `source`) written to
// `dicomOut`, then sent when args.address is set. Prints what it did; 1 after printing an error.
int writeAndSendReportDicom(const std::filesystem::path& pdf, const image::SeriesMetadata& source,
                            bool deidentify, const std::filesystem::path& dicomOut,
                            const PacsArgs& args);

}  // namespace trocar::app
