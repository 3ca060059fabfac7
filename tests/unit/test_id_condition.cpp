// The ID condition's decisions and messages with scripted face models (no model files needed):
// no face, several faces (the most confident is used), a tiny face, a face lost in its 2x crop,
// and the geometry of the face box and crops.
#include <QtTest>
#include <opencv2/imgproc.hpp>

#include "identity/id_condition.h"

using namespace hl;

namespace {

// Finds the faces it is told to, scaled into whatever image it is given.
class ScriptedDetector : public faces::FaceDetector {
 public:
  std::vector<faces::Face> full, crop;
  int calls = 0;
  std::vector<faces::Face> detect(const cv::Mat&) override { return calls++ == 0 ? full : crop; }
};

// 68 landmarks on an ellipse inside the box (enough for the outline and the face box).
class BoxLandmarks : public faces::FaceLandmarker {
 public:
  void landmarks(const cv::Mat&, faces::Face& f) override {
    f.landmarks.clear();
    const cv::Point2f c(f.box.x + f.box.width / 2, f.box.y + f.box.height / 2);
    for (int i = 0; i < 68; ++i) {
      const double a = 2 * CV_PI * i / 68;
      f.landmarks.emplace_back(float(c.x + 0.45 * f.box.width * std::cos(a)), float(c.y + 0.45 * f.box.height * std::sin(a)));
    }
    f.kps = {c + cv::Point2f(-10, -10), c + cv::Point2f(10, -10), c, c + cv::Point2f(-8, 12), c + cv::Point2f(8, 12)};
    f.hasKps = true;
  }
};

class ConstEmbedder : public faces::FaceEmbedder {
 public:
  std::vector<float> embed(const cv::Mat& aligned) override {
    size = aligned.size();
    std::vector<float> e(512, 0.f);
    e[0] = 1.f;
    return e;
  }
  cv::Size size;
};

faces::Face face(float x, float y, float w, float h, float score) {
  faces::Face f;
  f.box = cv::Rect2f(x, y, w, h);
  f.score = score;
  return f;
}

}  // namespace

class TestIdCondition : public QObject {
  Q_OBJECT
  cv::Mat img_ = cv::Mat(400, 300, CV_8UC3, cv::Scalar(40, 80, 120));

 private slots:
  void noFace() {
    ScriptedDetector d;
    BoxLandmarks l;
    ConstEmbedder e;
    auto r = identity::prepareReference(img_, {&d, &l, &e}, "a.jpg");
    QVERIFY(!r.used);
    QCOMPARE(r.facesFound, 0);
    QVERIFY(QString::fromStdString(r.message).contains("no face found"));
    QVERIFY(QString::fromStdString(r.message).contains("cartoons"));
  }

  void severalFacesUseTheMostConfident() {
    ScriptedDetector d;
    d.full = {face(150, 100, 80, 100, 0.95f), face(20, 20, 120, 150, 0.7f)};  // score order
    d.crop = {face(100, 100, 80, 100, 0.9f)};
    BoxLandmarks l;
    ConstEmbedder e;
    auto r = identity::prepareReference(img_, {&d, &l, &e}, "b.jpg");
    QVERIFY(r.used);
    QCOMPARE(r.facesFound, 2);
    QCOMPARE(r.faceUsed, 0);
    QCOMPARE(r.face.box.x, 150.f);  // the most confident, not the largest
    QVERIFY(QString::fromStdString(r.message).contains("2 faces, using the most confident"));
    QCOMPARE(e.size, cv::Size(112, 112));
    QCOMPARE(int(r.embedding.size()), 512);
    // The CLIP crop is the square of side 2l around the face box, l = 0.75 x the larger extent.
    const identity::FaceBox b = identity::faceBox(r.face.landmarks);
    QVERIFY(std::abs(r.clipCrop.width - 2 * b.l) <= 1.0f && std::abs(r.clipCrop.height - 2 * b.l) <= 1.0f);
    QVERIFY(!r.baseCrop.empty());
  }

  void tinyFaceAndLostFace() {
    ScriptedDetector tiny;
    tiny.full = {face(100, 100, 6, 8, 0.9f)};
    BoxLandmarks l;
    ConstEmbedder e;
    auto r = identity::prepareReference(img_, {&tiny, &l, &e}, "c.jpg");
    QVERIFY(!r.used);
    QVERIFY(QString::fromStdString(r.message).contains("too small"));
    ScriptedDetector lost;
    lost.full = {face(100, 100, 80, 100, 0.9f)};  // nothing found again in the 2x crop
    auto r2 = identity::prepareReference(img_, {&lost, &l, &e}, "d.jpg");
    QVERIFY(!r2.used);
    QVERIFY(QString::fromStdString(r2.message).contains("could not be found again"));
  }

  void cropsArePaddedBlack() {
    cv::Mat c = identity::cropPadded(img_, -10, -10, 20, 20);
    QCOMPARE(c.size(), cv::Size(30, 30));
    QCOMPARE(c.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 0));
    QCOMPARE(c.at<cv::Vec3b>(20, 20), cv::Vec3b(40, 80, 120));
    // Pillow-style rounding of the box corners (half to even).
    QCOMPARE(identity::cropPadded(img_, 0.5, 0, 10.5, 10).cols, 10);
  }

  void backgroundGoesGrey() {
    // 68-point layout: jaw 0..16 along the bottom, brows 17..26 along the top, the rest inside.
    std::vector<cv::Point2f> lm(68, cv::Point2f(150, 200));
    for (int i = 0; i <= 16; ++i) {
      const double a = CV_PI - CV_PI * i / 16;
      lm[size_t(i)] = cv::Point2f(float(150 + 60 * std::cos(a)), float(200 + 80 * std::sin(a)));
    }
    for (int i = 17; i <= 26; ++i) {
      const double a = CV_PI + CV_PI * (i - 17) / 9;
      lm[size_t(i)] = cv::Point2f(float(150 + 60 * std::cos(a)), float(200 + 80 * std::sin(a)));
    }
    cv::Mat out = identity::removeBackground(img_, lm);
    QCOMPARE(out.at<cv::Vec3b>(5, 5), cv::Vec3b(127, 127, 127));       // far outside: grey
    QCOMPARE(out.at<cv::Vec3b>(200, 150), cv::Vec3b(40, 80, 120));     // inside: the photo
  }
};

QTEST_APPLESS_MAIN(TestIdCondition)
#include "test_id_condition.moc"
