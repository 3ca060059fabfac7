// Settings: where the models are (a ComfyUI models/ root detected and filled in, or individual
// files and folders), device and precision, output folder and language; and the first-run
// dialog that checks the model set, says in plain words what is missing and where to get it,
// and offers the demo pack meanwhile.
#pragma once

#include <QDialog>

#include "studio/models.h"
#include "ui/engine_worker.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTranslator;
class QTreeWidget;

namespace hl {
namespace ui {

// The interface language: the saved choice (settings dialog or --language), else the system's.
QString uiLanguage();
// Loads hyperlora_studio_<language>.qm from `folder` (the compiled-in copies by default).
bool loadTranslation(QTranslator& translator, const QString& language,
                     const QString& folder = ":/i18n");

// One row per model component: found (with its path) or missing (where we looked, how to get it).
void fillComponents(QTreeWidget* tree, const ModelSet& set);
// One sentence: can it generate, can it make identities.
QString modelSetSummary(const ModelSet& set);

class SettingsDialog : public QDialog {
  Q_OBJECT

 public:
  explicit SettingsDialog(QWidget* parent = nullptr);

  void setRoot(const QString& root);  // and detect what is under it
  QString root() const;
  EngineSettings engineSettings() const;
  const ModelSet& detected() const { return set_; }
  // Writes everything to QSettings (called on OK).
  void save() const;

 private:
  QGroupBox* buildModelsGroup();
  void addComputeRows(QFormLayout* form);
  void addOutputRows(QFormLayout* form);
  QDialogButtonBox* buildButtons();
  void loadCurrent();  // the saved settings into the fields, then detect()
  void detect();
  QLineEdit* pathRow(QFormLayout* form, const QString& label, const QString& objectName, bool file);
  QLineEdit* root_;
  QComboBox* checkpoint_;
  QComboBox* variant_;
  QLineEdit *sdxl_, *hyperLora_, *clip_, *faces_, *tokenizer_;
  QComboBox* device_;
  class QLineEdit* placement_;
  QComboBox* precision_;
  QComboBox* memory_;
  QComboBox* loraApply_;
  QCheckBox* cudaGraphs_;
  QLineEdit* output_;
  QComboBox* language_;
  QLabel* summary_;
  QTreeWidget* components_;
  ModelSet set_;
};

class FirstRunDialog : public QDialog {
  Q_OBJECT

 public:
  explicit FirstRunDialog(QWidget* parent = nullptr);
  // Checks the model set under `root` and shows what is there and what is missing.
  void check(const QString& root);
  const ModelSet& checked() const { return set_; }

 signals:
  void useModels(QString root);  // the user chose a folder that can generate
  void useDemo();
  void openSettings();

 private:
  QLabel* summary_;
  QTreeWidget* components_;
  QPushButton* use_;
  ModelSet set_;
};

}  // namespace ui
}  // namespace hl
