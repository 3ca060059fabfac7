// The generation controls: prompt and negative prompt, sampler, steps, CFG, SDXL size presets,
// seed with random/lock, user LoRAs, and the Generate / Cancel buttons. Gives the settings of a
// generation (the identity part comes from the identity panel).
#pragma once

#include <QWidget>

#include "studio/record.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QHBoxLayout;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QVBoxLayout;
class QCheckBox;

namespace hl {
namespace ui {

class SeedBox;

class GeneratePanel : public QWidget {
  Q_OBJECT

 public:
  explicit GeneratePanel(QWidget* parent = nullptr);

  // The settings of the current controls; draws a new seed unless the seed is locked.
  studio::GenerationSettings settings();
  // Shows the settings of an earlier generation in the controls.
  void recall(const studio::GenerationSettings& s);
  class LoraPanel* loraPanel() {
    return loras_;
  }
  void setBusy(bool busy);
  int batchCount() const;  // images per Generate, at consecutive seeds
  // Remembers a prompt in the history (most recent first, no duplicates, at most 50).
  void rememberPrompt(const QString& prompt);
  QStringList promptHistory() const;
  static QString officialNegativePrompt();
  void lockSeed();
  void saveSettings() const;
  void restoreSettings();

 signals:
  void generateRequested();
  void cancelRequested();

 private:
  void addPrompts(QVBoxLayout* layout);
  QFormLayout* buildSamplingForm();
  void addHiresRow(QFormLayout* form);
  void addFaceDetailRow(QFormLayout* form);
  QHBoxLayout* buildButtons();
  bool eventFilter(QObject* watched, QEvent* event) override;
  void recallHistory(int delta);
  QPlainTextEdit* prompt_;
  QComboBox* history_;
  int historyPos_ = -1;
  QPlainTextEdit* negative_;
  QComboBox* sampler_;
  QComboBox* size_;
  QSpinBox* steps_;
  QDoubleSpinBox* cfg_;
  SeedBox* seed_;
  QCheckBox* randomSeed_;
  QSpinBox* batch_;
  QCheckBox* hires_;
  QDoubleSpinBox *hiresScale_, *hiresDenoise_;
  QComboBox* hiresUpscaler_;
  QCheckBox* faceDetail_;
  QDoubleSpinBox* faceDenoise_;
  QSpinBox* faceSteps_;
  class LoraPanel* loras_;
  QPushButton* generate_;
  QPushButton* cancel_;
};

}  // namespace ui
}  // namespace hl
