// The Edit tab: img2img and inpainting on an image opened from a file or sent from the results
// (Ctrl+I), with a mask painted over it (brush, eraser, size) or loaded, the strength, mask blur
// and grow, and the paste-back; beside it the ControlNets of the next generations.
#pragma once

#include <QWidget>

#include "studio/record.h"

class QCheckBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSlider;
class QSpinBox;
class QToolButton;
class QVBoxLayout;

namespace hl {
namespace ui {

class MaskCanvas;
class ControlPanel;

class EditView : public QWidget {
  Q_OBJECT

 public:
  explicit EditView(QWidget* parent = nullptr);

  // The image to edit, from a file or from memory (a result); turns img2img on.
  bool setInitImage(const QString& path);
  void setInitImage(const QImage& image);
  bool active() const;  // "Use this image" is ticked and there is an image
  void setActive(bool on);
  // The img2img / inpainting settings; an image or mask held only in memory is saved to
  // `folder` first (the record names files).
  studio::EditSettings settings(const QString& folder) const;
  void recall(const studio::EditSettings& e);
  MaskCanvas* canvas() { return canvas_; }
  ControlPanel* controls() { return controls_; }
  QString initPath() const { return initPath_; }
  void saveSettings() const;
  void restoreSettings();

 signals:
  void useResultRequested();  // "Use the shown result" was pressed
  void changed();

 private:
  QVBoxLayout* buildCanvasColumn();
  QWidget* buildSide();
  QGroupBox* buildImageToImageBox();
  void updateState();
  MaskCanvas* canvas_;
  ControlPanel* controls_;
  QCheckBox* use_;
  QSlider* strength_;
  QLabel* strengthLabel_;
  QSpinBox *blur_, *grow_, *brush_;
  QCheckBox* pasteBack_;
  QToolButton* eraser_;
  QLabel* status_;
  QString initPath_;  // empty when the image came from memory
};

}  // namespace ui
}  // namespace hl
