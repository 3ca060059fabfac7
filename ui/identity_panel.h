// The identity controls: reference-photo galleries for identities A and B (add by file dialog or
// drag-and-drop, remove), ID-LoRA strength, Base-LoRA toggle, A <-> B interpolation, and "live"
// mode that regenerates with the same seed when a slider is released.
#pragma once

#include <QJsonObject>
#include <QWidget>

#include "ui/engine_worker.h"

class QCheckBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QSlider;
class QToolButton;

class QCustomPlot;
class QCPBars;

namespace hl {
namespace ui {

class IdentityPanel : public QWidget {
  Q_OBJECT

 public:
  explicit IdentityPanel(QWidget* parent = nullptr);

  studio::IdentityRecord settings() const;
  void addPhotos(int slot, const QStringList& files);  // slot 0 = A, 1 = B
  void removeSelected(int slot);
  void setStrength(double s);
  void setMix(double t);
  // Enables the Base-LoRA toggle only when the loaded HyperLoRA has one, and says why otherwise.
  void setBaseLoraAvailable(bool available);
  void setReport(const QString& text);
  // Per-photo results of the face stack: status, face box and landmarks over the thumbnail,
  // and the crop the network sees (shown for the selected photo).
  void setAnalysis(int slot, const QVector<PhotoAnalysis>& photos);
  // Adds what the clipboard holds: image files, or image data saved to `pasteFolder` first.
  void paste(int slot, const QString& pasteFolder);
  QListWidget* gallery(int slot) { return gallery_[slot]; }
  // The photo list's status text per item, e.g. "astronaut.png: 1 face" (for tests).
  QString photoStatus(int slot, int row) const;
  // The identity LoRA's energy per UNet block, as bars (diffusers block names).
  void setEnergy(const QStringList& blocks, const QVector<double>& energy);
  QCustomPlot* energyPlot() { return energyPlot_; }
  bool live() const;

  // Identity files (.hlid, JSON): a name and its reference photos. Saving is atomic; opening
  // keeps the photos that still exist and returns a plain-words note on those that do not.
  void saveIdentity(int slot, const QString& path) const;  // throws hl::Error naming the file
  QString openIdentity(int slot, const QString& path);      // throws hl::Error naming the file
  QString name(int slot) const;
  void setName(int slot, const QString& name);
  void clear(int slot);
  // Everything on the panel (both identities, sliders, toggles), for the automatic session save.
  QJsonObject state() const;
  void restoreState(const QJsonObject& state);

 signals:
  void changed();
  // Photos were added to or removed from gallery `slot` (0 = A, 1 = B).
  void galleryChanged(int slot);
  // A slider was released with live mode on: regenerate with the same seed.
  void liveUpdate();
  void exportRequested();  // "Export LoRA..." was pressed

 protected:
  void dragEnterEvent(class QDragEnterEvent* e) override;
  void dropEvent(class QDropEvent* e) override;

 private:
  QGroupBox* buildSlot(int slot);
  QToolButton* buildSlotMenu(int slot, QWidget* box);
  QFormLayout* buildControls();
  QHBoxLayout* buildDetail();
  QCustomPlot* buildEnergyPlot();
  void addPasteAction();
  void updateEnabled();
  QStringList photos(int slot) const;  // the gallery's files, in order
  void showDetail(int slot);
  QLabel* detailImage_;
  QLabel* detailText_;
  QListWidget* gallery_[2];
  QLineEdit* name_[2];
  QSlider* strength_;
  QDoubleSpinBox* strengthBox_;
  QSlider* mix_;
  QLabel* mixLabel_;
  QCheckBox* baseLora_;
  QCheckBox* live_;
  QLabel* report_;
  QCustomPlot* energyPlot_;
  QCPBars* energyBars_;
};

}  // namespace ui
}  // namespace hl
