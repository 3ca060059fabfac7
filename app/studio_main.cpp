// hyperlora-studio: the desktop application.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTranslator>
#include <cstdio>

#include "models/demo_pack.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"
#include "util/error.h"
#include "util/version.h"

namespace {

struct Options {
  QCommandLineOption models{{"m", "models"},
                            "Model set to open: a ComfyUI models/ root, a diffusers SDXL folder "
                            "or a single-file checkpoint.",
                            "path"};
  QCommandLineOption demo{"demo", "Use the built-in demo model pack (created if missing)."};
  QCommandLineOption renderIcon{
      "render-icon", "Render the application icon at SIZE pixels to FILE (packaging).", "size"};
  QCommandLineOption language{"language", "User interface language: en or zh_CN (remembered).",
                              "code"};
};

void setUpParser(QCommandLineParser& parser, const Options& o) {
  parser.setApplicationDescription(
      "Identity LoRAs from reference photos with HyperLoRA, and SDXL portraits.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addOption(o.renderIcon);
  parser.addOption(o.language);
  parser.addOption(o.models);
  parser.addPositionalArgument("identity", "An identity file (.hlid) to open into identity A.",
                               "[identity.hlid]");
  parser.addOption(o.demo);
}

// --render-icon SIZE FILE.png, for the packages; the exit code.
int renderIcon(const QString& sizeText, const QStringList& files) {
  const int size = sizeText.toInt();
  if (size <= 0 || files.size() != 1) {
    std::fprintf(stderr, "--render-icon SIZE FILE.png\n");
    return 2;
  }
  return QIcon(":/icons/hyperlora-studio.svg").pixmap(size, size).save(files[0]) ? 0 : 1;
}

// The model set to open: --models, else the saved root, else the demo pack, written on first use
// (the same place scripts/run.sh uses: ~/.local/share/hyperlora-studio/demo-pack on Linux).
// Empty when the demo pack cannot be written; the user has been told why.
QString modelPath(const QCommandLineParser& parser, const Options& o, const QSettings& settings) {
  QString path = parser.value(o.models);
  if (path.isEmpty() && !parser.isSet(o.demo)) path = settings.value("models/root").toString();
  if (!path.isEmpty() && !parser.isSet(o.demo)) return path;
  path = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
         "/hyperlora-studio/demo-pack";
  if (hl::isDemoPack(path.toStdString())) return path;
  try {
    hl::writeDemoPack(path.toStdString());
  } catch (const hl::Error& e) {
    QMessageBox::critical(
        nullptr, "HyperLoRA Studio",
        QCoreApplication::translate("main", "Cannot create the demo model pack: %1").arg(e.what()));
    return {};
  }
  return path;
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("HyperLoRA Studio");
  QApplication::setApplicationName("hyperlora-studio");
  QApplication::setApplicationDisplayName("HyperLoRA Studio");
  QApplication::setApplicationVersion(HYPERLORA_VERSION);
  QApplication::setWindowIcon(QIcon(":/icons/hyperlora-studio.svg"));

  const Options o;
  QCommandLineParser parser;
  setUpParser(parser, o);
  parser.process(app);
  if (parser.isSet(o.renderIcon))
    return renderIcon(parser.value(o.renderIcon), parser.positionalArguments());

  QSettings settings;
  // Language: the saved choice, else the system locale; English is the source language.
  QTranslator translator;
  if (parser.isSet(o.language)) settings.setValue("ui/language", parser.value(o.language));
  if (hl::ui::loadTranslation(translator, hl::ui::uiLanguage())) app.installTranslator(&translator);

  const QString path = modelPath(parser, o, settings);
  if (path.isEmpty()) return 1;
  hl::ui::MainWindow window;
  window.show();
  for (const QString& file : parser.positionalArguments())
    if (file.endsWith(".hlid", Qt::CaseInsensitive)) window.openIdentity(file, 0);
  window.openModels(path);
  // First start without models configured: say what is needed, offer the demo meanwhile.
  if (!settings.value("ui/firstRunDone").toBool() && !parser.isSet(o.models) &&
      !parser.isSet(o.demo) && settings.value("models/root").toString().isEmpty())
    window.showFirstRun();
  return app.exec();
}
