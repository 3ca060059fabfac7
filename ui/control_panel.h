// ControlNets for the next generations: each row a model (from the models folder's controlnet/
// or a file), a control image with its preprocessor (none, Canny with thresholds, or face
// keypoints drawn from identity A) and a preview of the map the ControlNet will see, a scale,
// the fraction of the steps it acts in, and a union model's control type.
#pragma once

#include <QPointF>
#include <QWidget>
#include <vector>

#include "studio/record.h"

class QGridLayout;
class QVBoxLayout;
class QComboBox;
class QLabel;
class QToolButton;
class QSpinBox;
class QDoubleSpinBox;

namespace hl {
namespace ui {

class ControlRow;

class ControlPanel : public QWidget {
  Q_OBJECT

 public:
  explicit ControlPanel(QWidget* parent = nullptr);

  void setAvailable(const QStringList& controlNets);  // folders and files found
  ControlRow* addControl(const QString& model = {});
  std::vector<studio::ControlSetting> controls() const;
  void setControls(const std::vector<studio::ControlSetting>& controls);
  int count() const;
  ControlRow* row(int i) const;
  // Identity A's face (for the face-keypoint preview): the photo's size and five keypoints.
  void setIdentityFace(const QSize& photoSize, const QVector<QPointF>& keypoints);
  void saveSettings() const;
  void restoreSettings();

 signals:
  void changed();

 private:
  friend class ControlRow;
  QStringList available_;
  QVBoxLayout* rows_;
  QSize faceSize_;
  QVector<QPointF> faceKps_;
};

class ControlRow : public QWidget {
  Q_OBJECT

 public:
  ControlRow(ControlPanel* panel, const QString& model);
  studio::ControlSetting setting() const;
  void setSetting(const studio::ControlSetting& s);
  void setImage(const QString& path);
  void updatePreview();
  QImage preview() const { return preview_; }
  QString error() const { return error_; }

 private:
  QToolButton* addModelRow(QGridLayout* g);
  void addImageRow(QGridLayout* g);
  void addThresholdRow(QGridLayout* g);
  void addRangeRow(QGridLayout* g);
  void connectEdits(QToolButton* remove);
  ControlPanel* panel_;
  QComboBox* model_;
  QComboBox* preprocess_;
  QComboBox* type_;  // a union model's control type
  QLabel* previewLabel_;
  QToolButton* imageButton_;
  QSpinBox *low_, *high_;
  QDoubleSpinBox *scale_, *start_, *end_;
  QString image_, error_;
  QImage preview_;
};

}  // namespace ui
}  // namespace hl
