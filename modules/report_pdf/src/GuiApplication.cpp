#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include "trocar/report_pdf/ReportPdf.h"

namespace trocar::report_pdf {

bool ensureGuiApplication(std::string* whyNot) {
  if (QCoreApplication* existing = QCoreApplication::instance()) {
    if (qobject_cast<QGuiApplication*>(existing) != nullptr) return true;
    if (whyNot) *whyNot = "the process runs a QCoreApplication; PDF text needs a QGuiApplication";
    return false;
  }
  // A PDF is drawn off screen: the offscreen platform works with or without an X display.
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // Qt wants a private runtime folder and warns on stderr without one; a headless run has none.
  if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
    const QString dir = QDir::tempPath() + "/runtime-trocar-" + QString::number(getuid());
    if (QDir().mkpath(dir) &&
        QFile::setPermissions(
            dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
      qputenv("XDG_RUNTIME_DIR", dir.toLocal8Bit());
  }
  // Qt keeps references to argc and argv for the application's whole life; the application itself
  // is never destroyed, since other code in the process may paint after the report.
  static int argc = 1;
  static char name[] = "trocar";
  static char* argv[] = {name, nullptr};
  static QGuiApplication* application = new QGuiApplication(argc, argv);
  return application != nullptr;
}

}  // namespace trocar::report_pdf
