// hyperlora-studio: the desktop application.
#include <QApplication>
#include <cstdio>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTranslator>

#include "models/demo_pack.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"
#include "util/error.h"
#include "util/version.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("HyperLoRA Studio");
  QApplication::setApplicationName("hyperlora-studio");
  QApplication::setApplicationDisplayName("HyperLoRA Studio");
  QApplication::setApplicationVersion(HYPERLORA_VERSION);
  QApplication::setWindowIcon(QIcon(":/icons/hyperlora-studio.svg"));

  QCommandLineParser parser;
  parser.setApplicationDescription(
      "Identity LoRAs from reference photos with HyperLoRA, and SDXL portraits.");
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption models({"m", "models"},
                            "Model set to open: a ComfyUI models/ root, a diffusers SDXL folder "
                            "or a single-file checkpoint.",
                            "path");
  QCommandLineOption demo("demo", "Use the built-in demo model pack (created if missing).");
  QCommandLineOption renderIcon("render-icon", "Render the application icon at SIZE pixels to FILE (packaging).", "size");
  parser.addOption(renderIcon);
  QCommandLineOption language("language", "User interface language: en or zh_CN (remembered).",
                              "code");
  parser.addOption(language);
  parser.addOption(models);
  parser.addPositionalArgument("identity", "An identity file (.hlid) to open into identity A.", "[identity.hlid]");
  parser.addOption(demo);
  parser.process(app);
  if (parser.isSet(renderIcon)) {
    const int size = parser.value(renderIcon).toInt();
    const QStringList files = parser.positionalArguments();
    if (size <= 0 || files.size() != 1) {
      std::fprintf(stderr, "--render-icon SIZE FILE.png\n");
      return 2;
    }
    return QIcon(":/icons/hyperlora-studio.svg").pixmap(size, size).save(files[0]) ? 0 : 1;
  }

  QSettings settings;
  // Language: the saved choice, else the system locale; English is the source language.
  QTranslator translator;
  if (parser.isSet(language)) settings.setValue("ui/language", parser.value(language));
  if (hl::ui::loadTranslation(translator, hl::ui::uiLanguage())) app.installTranslator(&translator);

  QString path = parser.value(models);
  if (path.isEmpty() && !parser.isSet(demo)) path = settings.value("models/root").toString();
  if (path.isEmpty() || parser.isSet(demo)) {
    // No real models configured: run on the demo pack, generated on first use.
    // The same place scripts/run.sh uses: ~/.local/share/hyperlora-studio/demo-pack on Linux.
    path = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           "/hyperlora-studio/demo-pack";
    if (!hl::isDemoPack(path.toStdString())) {
      try {
        hl::writeDemoPack(path.toStdString());
      } catch (const hl::Error& e) {
        QMessageBox::critical(nullptr, "HyperLoRA Studio",
                              QString("Cannot create the demo model pack: %1").arg(e.what()));
        return 1;
      }
    }
  }

  hl::ui::MainWindow window;
  window.show();
  for (const QString& file : parser.positionalArguments())
    if (file.endsWith(".hlid", Qt::CaseInsensitive)) window.openIdentity(file, 0);
  window.openModels(path);
  // First start without models configured: say what is needed, offer the demo meanwhile.
  if (!settings.value("ui/firstRunDone").toBool() && !parser.isSet(models) && !parser.isSet(demo) &&
      settings.value("models/root").toString().isEmpty())
    window.showFirstRun();
  return app.exec();
}
