// The Darcy front model: quasi-static invasion of the voxel grid by cement, in the order of the
// pressure needed to push cement into each voxel.
//
// Physics. Cement flows through cancellous bone by Darcy's law, q = -(k / mu) grad p, from a
// needle tip delivering a rate Q. Around a point source in a homogeneous medium the flux falls
// as q(r) = Q / (4 pi r^2), and a power-law fluid with a yield stress needs the pressure gradient
//     |grad p| = mu_app(q) * q / k  +  2 tau_y / R,      R = sqrt(8 k / phi)
// where mu_app = K gammaDot^(n-1) at the pore wall shear rate gammaDot = 4 q / sqrt(8 k phi), and
// R is the pore radius of the capillary-bundle medium with the same k and phi (a Bingham fluid
// yields in a tube of radius R once the gradient exceeds 2 tau_y / R). Both terms scale with the
// cement's consistency K(t) (tau_y = rho * K), so the path pressure is K(t) * T(x), with
// T the time-independent "unit-consistency" pressure, the solution of the eikonal equation
// |grad T| = s(x), s = gammaDot^(n-1) q / k + rho * 2 / R. It is solved by fast marching
// (first-order upwind) from the tip through the voxels the cement already holds.
//
// To enter a voxel the cement must also push the marrow in it out through the bone ahead: the
// local term mu_marrow * q * Ldrain / k(x). The voxel filled next is the one with the lowest
//     p(x) = K(t) T(x) + mu_marrow q Ldrain / k(x)          (injection pressure at the tip)
// i.e. the lowest key T(x) + (mu_marrow / K(t)) * L(x). This is gradient-stabilised invasion
// percolation (Wilkinson and Willemsen, J Phys A 1983; Meakin et al., Physica A 1992): the path
// term grows with distance and keeps the front compact; the local term chooses the most
// permeable voxels wherever they are and makes the front follow high-permeability paths (leaks).
// Their ratio is the marrow-to-cement viscosity ratio, the stability parameter Bohner et al.
// identified for vertebroplasty (Biomaterials 2003;24:2721). PMMA is 100-1000 times as viscous as
// marrow, so the local term is small (pascals against kilopascals) and every class fills stably;
// the fill's shape is set by the path term, which beyond a few millimetres from the tip is
// mostly yield stress (pore shear rates of a few hundredths per second). Thicker cement fills a
// little more compactly because its higher yield-to-consistency ratio weighs the yield term,
// which follows the permeability less (k^-1/2) than the viscous one (about k^-0.85).
//
// Veins. The basivertebral and segmental veins leave the body through foramina of its wall
// (VenousOutlet). Cement lying against a foramen is pushed into its vein by the pressure in the
// body above the venous pressure: the marrow's (the cement displaces marrow, which leaves through
// the veins: a few kPa, set by the injection rate and not by the cement) plus the cement's own
// flow pressure there. It flows through the foramen's channel as a Herschel-Bulkley fluid in a
// pipe, which moves only when the wall shear stress p r / 2L exceeds the yield stress, and the
// column it forms in the vein is held back by the yield stress along the vein's wall, so a leak
// stops once 2 tau_y (L / r_channel + column / r_vein) balances the pressure. That balance is where
// viscosity and age act: in a purely viscous cement the split between bone and vein would not
// depend on the viscosity at all (both resistances scale with it), and in this yield-dominated
// bone the cement's own flow pressure is itself mostly yield stress, so what decides is the part
// that is not: the marrow pressure and the viscous drop, over the yield stress. Thicker and older
// cement (higher yield stress and yield-to-consistency ratio) holds them back and runs less into
// the veins; runny cement fills them. This is the behaviour bench and clinical studies report
// (Baroud et al., Spine 2006;31:2562; Habib et al., Int J Spine Surg 2010;4:26: less leak with
// high-viscosity cement and with later injection; in clinical comparisons high-viscosity cement's
// risk ratio for leakage is about 0.4). The bone front itself is not held back while a vein takes cement: the
// needle's delivery is split between them each step, and all of it goes to the veins while they
// could take more (the pressure then settles below the front's).
//
// What is simplified against a full Darcy/Bingham CFD solve, and why the trends survive:
//  - no pressure field is solved: the flux at a voxel is the point-source value Q/(4 pi r^2) at
//    its (anisotropy-scaled) distance from the tip, exact for a homogeneous medium (which is why
//    a homogeneous block fills as a sphere and an anisotropic one as the Darcy ellipsoid with
//    semi-axes proportional to sqrt(k_axis)); in heterogeneous bone the flux is not redistributed
//    between paths. Lower permeability still raises every pressure term, higher K still weights
//    the stabilising path term against the selective local term, more volume still fills more.
//  - the filled region is frozen (no later redistribution, no marrow mixing); each voxel holds
//    porosity x (1 - residual marrow) x voxel volume of cement, so volume is conserved exactly.
//  - viscosity changes with time through K(t) only in the ordering key's local-term weight and
//    in the reported pressure (the path integral T is independent of K).
//  - veins: the cement's flow pressure at a foramen is its needle's present pressure less the
//    path drop to the foramen; the marrow pressure is a constant per mL/min of injection, not
//    solved from the body's venous drainage; a vein is a straight tube whose leaked cement is laid
//    into the tissue nearest its foramen; the foramina are placed by the vertebra's geometry.
//  - no thermal model, no needle pressure drop, no cement-bone interdigitation below the voxel.
#include "trocar/cement/DarcyFrontModel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>

namespace trocar::cement {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kM3PerMl = 1e-6;
// Owner mark of the voxels a vein's leaked cement lies in (sources are numbered below 100).
constexpr int8_t kVeinOwner = 127;
// Largest volume delivered in one step while veins take part of the flow: the leaked column's
// length, which sets the vein's resistance, is updated at least this often (0.2 mm^3).
constexpr double kVeinStepMl = 2e-4;

struct HeapEntry {
  double key;
  double t;
  uint32_t index;
};
struct HeapOrder {
  // std::priority_queue is a max-heap: "less" means larger key; ties broken by index so that the
  // order (and the result) never depends on anything but the input.
  bool operator()(const HeapEntry& a, const HeapEntry& b) const {
    return a.key != b.key ? a.key > b.key : a.index > b.index;
  }
};
using Heap = std::priority_queue<HeapEntry, std::vector<HeapEntry>, HeapOrder>;

struct Source {
  InjectionSource spec;
  core::Vec3 tipIjk;
  double rateMlPerS = 0;
  // The homogeneous solution around this tip (factored eikonal): slowness s0(r) = a q(r)^n + b
  // with a, b of the tip's own bone, and its integral T0(r) from the tip ball's surface.
  double refViscous = 0, refYield = 0;
  std::vector<double> t;       // unit-consistency path pressure per voxel (Pa per Pa s^n)
  std::vector<float> tau;      // t / T0: the factored solution's smooth part
  std::vector<float> local;    // marrow term per unit marrow viscosity (Pa per Pa s)
  Heap heap;
  double deliveredMl = 0;
  double timeS = 0;
  int64_t current = -1;        // voxel being filled
  double currentCapacityMl = 0, currentFilledMl = 0;
  double framePeakPa = 0, lastPressurePa = 0, peakPressurePa = 0;
  bool exhausted = false;
};

// A vein outlet during the run: which needle's cement reached its foramen, the path pressure
// there, and how much has run into the vein.
struct OutletState {
  int source = -1;        // the needle whose cement lies against the foramen; -1 not reached
  double pathT = 0;       // unit-consistency path pressure at the foramen (per Pa s^n)
  double leakedMl = 0;
  size_t cursor = 0;      // the drain voxel being filled
  double cursorFilledMl = 0;
  bool full = false;      // no drain voxel left
};

class DarcyFrontModel final : public CementModel {
 public:
  std::string name() const override { return "darcy-front"; }
  core::Result<CementResult> simulate(const InjectionDomain& domain, const InjectionRequest& request,
                                      const core::Progress& progress) const override;
};

// Everything one run needs, so that the steps below are small functions.
class Run {
 public:
  Run(const InjectionDomain& domain, const InjectionRequest& request) : d_(domain), r_(request) {
    const CementGrid& g = d_.grid;
    const double a[3] = {d_.anisotropy.x, d_.anisotropy.y, d_.anisotropy.z};
    // Stretching axis a by 1/sqrt(multiplier) makes the medium isotropic (Darcy's law in an
    // orthotropic medium): fronts are spheres in these scaled metres.
    for (int ax = 0; ax < 3; ++ax) hM_[ax] = g.spacingMm * 1e-3 / std::sqrt(a[ax] > 0 ? a[ax] : 1.0);
    stride_[0] = 1;
    stride_[1] = g.size[0];
    stride_[2] = int64_t(g.size[0]) * g.size[1];
    voxelMl_ = g.voxelVolumeMl();
    n_ = r_.rheology.flowIndex;
    rho_ = r_.rheology.yieldRatioAt(r_.startMin());
    poreFill_ = 1 - std::clamp(r_.residualMarrowFraction, 0.0, 0.9);
    result_.poreFillFraction = poreFill_;
    result_.grid = g;
    result_.fillTimeS.assign(g.voxelCount(), -1.f);
    result_.saturation.assign(g.voxelCount(), 0.f);
    owner_.assign(g.voxelCount(), -1);
    wetted_.assign(g.voxelCount(), 0);
    // The open voxels beside each vein foramen: cement there lies against the vein's entrance.
    outlets_.resize(d_.outlets.size());
    if (!d_.outlets.empty()) besideOutlet_.assign(g.voxelCount(), -1);
    for (size_t o = 0; o < d_.outlets.size(); ++o)
      for (uint32_t v : d_.outlets[o].openingVoxels) {
        const std::array<int, 3> p = g.ijk(v);
        for (int ax = 0; ax < 3; ++ax)
          for (int dir = -1; dir <= 1; dir += 2) {
            const int c = p[ax] + dir;
            if (c < 0 || c >= g.size[ax]) continue;
            const size_t j = size_t(int64_t(v) + dir * stride_[ax]);
            if (open(j) && besideOutlet_[j] < 0) besideOutlet_[j] = int16_t(o);
          }
      }
  }

  core::Result<CementResult> go(const core::Progress& progress);

 private:
  bool open(size_t i) const { return d_.tissue[i] != uint8_t(Tissue::kClosed) && d_.permeabilityM2[i] > 0; }
  double minutesAt(double timeS) const { return r_.startMin() + timeS / 60; }
  double consistencyAt(double timeS) const { return r_.rheology.consistencyPaSn(minutesAt(timeS)); }
  double localWeight() const { return r_.marrowViscosityPaS / consistencyAt(weightTimeS_); }

  // Flux (m/s) a source drives through a voxel: point source at the scaled distance.
  double fluxAt(const Source& s, const std::array<int, 3>& p) const {
    double r2 = 0;
    for (int ax = 0; ax < 3; ++ax) {
      const double dm = (p[ax] - s.tipIjk[ax]) * hM_[ax];
      r2 += dm * dm;
    }
    const double rTip = r_.tipRadiusMm * 1e-3;
    r2 = std::max(r2, rTip * rTip);
    return s.rateMlPerS * kM3PerMl / (4 * kPi * r2);
  }
  // The slowness factors of a voxel: s = viscous * q^n + yield.
  double viscousFactor(size_t i) const {
    const double k = d_.permeabilityM2[i], phi = d_.porosity[i];
    return std::pow(4 / std::sqrt(8 * k * phi), n_ - 1) / k;
  }
  double yieldFactor(size_t i) const {
    return rho_ * 2 / std::sqrt(8 * d_.permeabilityM2[i] / d_.porosity[i]);
  }
  double slowness(size_t i, double q) const { return viscousFactor(i) * std::pow(q, n_) + yieldFactor(i); }
  double fluxAtRadius(const Source& s, double r) const {
    const double rTip = r_.tipRadiusMm * 1e-3;
    return s.rateMlPerS * kM3PerMl / (4 * kPi * std::max(r, rTip) * std::max(r, rTip));
  }
  double referenceSlowness(const Source& s, double r) const;
  double referencePressure(const Source& s, double r) const;
  double plainEikonal(const Source& s, int sourceId, size_t i, const std::array<int, 3>& p, double sl) const;
  double eikonal(const Source& s, int sourceId, size_t i, const std::array<int, 3>& p, double sl, double& tau) const;
  void seed(Source& s);
  void relax(Source& s, int sourceId, size_t filled);
  void rebuildHeaps();
  // Pops the next voxel for a source; -1 when none is left.
  int64_t nextVoxel(Source& s, int sourceId, double& pressurePa);
  void accept(Source& s, int sourceId, size_t i);
  void addCement(size_t i, double ml);
  // Cement flow (mL/s) from a source's cement body into an outlet's vein, and laying leaked
  // cement into the vein's drain voxels (returns what found room).
  double veinFlowMlPerS(size_t outlet, double timeS) const;
  double leakIntoVein(size_t outlet, double ml, double timeS);
  // Delivers up to `wanted` mL of a source's cement, split between its current voxel and the
  // veins its cement has reached; returns the volume delivered.
  double deliver(Source& s, int sourceId, double wanted);
  void recordFrame();
  bool stopRequested();

  const InjectionDomain& d_;
  const InjectionRequest& r_;
  double hM_[3];
  int64_t stride_[3];
  double voxelMl_ = 0, n_ = 1;
  // The yield-to-consistency ratio, taken at the start of injection: the path integral T then
  // stays independent of time (a simplification; the injection lasts a few minutes).
  double rho_ = 0;
  double poreFill_ = 1;  // fraction of the pore space cement takes
  double marrowPa_ = 0;  // the intravertebral (marrow) pressure above venous while injecting
  double weightTimeS_ = 0;
  std::vector<Source> sources_;
  std::vector<int8_t> owner_;
  std::vector<uint8_t> wetted_;  // endplate voxels already counted as in contact
  std::vector<int16_t> besideOutlet_;  // per voxel: the outlet whose foramen it touches; -1 none
  std::vector<OutletState> outlets_;
  std::vector<double> veinFlows_;  // scratch of deliver()
  CementResult result_;
  // Running totals, updated voxel by voxel.
  double retainedMl_ = 0, leakedMl_ = 0, bodyInfiltratedMl_ = 0;
  std::array<double, kLeakDestinationCount> leakedBy_{};
  bool posteriorQuarterReached_ = false;
  std::optional<StopReason> stop_;
};

double Run::plainEikonal(const Source& s, int sourceId, size_t i, const std::array<int, 3>& p, double sl) const {
  // Upwind neighbour values per axis: only voxels this source has filled carry a path pressure.
  std::array<std::pair<double, double>, 3> nb;  // (T, h)
  int count = 0;
  for (int ax = 0; ax < 3; ++ax) {
    double best = kInf;
    for (int dir = -1; dir <= 1; dir += 2) {
      const int c = p[ax] + dir;
      if (c < 0 || c >= d_.grid.size[ax]) continue;
      const size_t j = size_t(int64_t(i) + dir * stride_[ax]);
      if (owner_[j] == sourceId) best = std::min(best, s.t[j]);
    }
    if (best < kInf) nb[count++] = {best, hM_[ax]};
  }
  if (count == 0) return kInf;
  // Insertion sort of at most three (std::sort trips GCC 12's array-bounds warning here).
  for (int a = 1; a < count; ++a)
    for (int b = a; b > 0 && nb[b].first < nb[b - 1].first; --b) std::swap(nb[b], nb[b - 1]);
  // Solve sum_a ((T - T_a) / h_a)^2 = sl^2 over the smallest m values that stay upwind.
  double t = nb[0].first + sl * nb[0].second;
  for (int m = 2; m <= count; ++m) {
    if (t <= nb[m - 1].first) break;
    double a = 0, b = 0, c = -sl * sl;
    for (int q = 0; q < m; ++q) {
      const double w = 1 / (nb[q].second * nb[q].second);
      a += w;
      b -= 2 * w * nb[q].first;
      c += w * nb[q].first * nb[q].first;
    }
    const double disc = b * b - 4 * a * c;
    if (disc < 0) break;
    t = (-b + std::sqrt(disc)) / (2 * a);
  }
  return t;
}

double Run::referenceSlowness(const Source& s, double r) const {
  return s.refViscous * std::pow(fluxAtRadius(s, r), n_) + s.refYield;
}

double Run::referencePressure(const Source& s, double r) const {
  const double r0 = r_.tipRadiusMm * 1e-3;
  if (r <= r0) return 0;
  // Integral of a (Q / 4 pi r^2)^n + b from r0 to r.
  const double c = std::pow(s.rateMlPerS * kM3PerMl / (4 * kPi), n_);
  const double e = 1 - 2 * n_;
  const double radial = std::abs(e) < 1e-9 ? std::log(r / r0) : (std::pow(r, e) - std::pow(r0, e)) / e;
  return s.refViscous * c * radial + s.refYield * (r - r0);
}

double Run::eikonal(const Source& s, int sourceId, size_t i, const std::array<int, 3>& p, double sl, double& tauOut) const {
  // Factored eikonal (Fomel, Luo and Zhao, J Comput Phys 2009): T = T0 * tau, with T0 the exact
  // solution for the tip's own bone. The point-source singularity lives in T0, and tau is smooth
  // (exactly 1 in a homogeneous medium), so first-order upwinding of tau keeps fronts spherical.
  std::array<double, 3> dx{};
  double r2 = 0;
  for (int ax = 0; ax < 3; ++ax) {
    dx[ax] = (p[ax] - s.tipIjk[ax]) * hM_[ax];
    r2 += dx[ax] * dx[ax];
  }
  const double r = std::sqrt(r2);
  const double t0 = referencePressure(s, r);
  tauOut = 1;
  if (t0 <= 0) return plainEikonal(s, sourceId, i, p, sl);
  const double s0 = referenceSlowness(s, r);
  struct Axis {
    double t, tau, d;  // the neighbour's T and tau; signed step from it to this voxel (m)
    int ax;
  };
  std::array<Axis, 3> nb;
  int count = 0;
  for (int ax = 0; ax < 3; ++ax) {
    Axis best{kInf, 1, 0, ax};
    for (int dir = -1; dir <= 1; dir += 2) {
      const int c = p[ax] + dir;
      if (c < 0 || c >= d_.grid.size[ax]) continue;
      const size_t j = size_t(int64_t(i) + dir * stride_[ax]);
      if (owner_[j] != sourceId || s.t[j] >= best.t) continue;
      best = {s.t[j], s.tau[j], -dir * hM_[ax], ax};
    }
    if (best.t < kInf) nb[count++] = best;
  }
  if (count == 0) return kInf;
  for (int a = 1; a < count; ++a)
    for (int b = a; b > 0 && nb[b].t < nb[b - 1].t; --b) std::swap(nb[b], nb[b - 1]);
  for (int m = count; m >= 1; --m) {
    // sum over axes of (alpha tau - beta)^2 = sl^2; axes without a neighbour keep d tau = 0.
    double a2 = 0, ab = 0, b2 = 0;
    bool used[3] = {false, false, false};
    for (int q = 0; q < m; ++q) {
      const Axis& n = nb[q];
      const double g = s0 * dx[n.ax] / r;
      const double alpha = g + t0 / n.d, beta = t0 * n.tau / n.d;
      a2 += alpha * alpha;
      ab += alpha * beta;
      b2 += beta * beta;
      used[n.ax] = true;
    }
    for (int ax = 0; ax < 3; ++ax)
      if (!used[ax]) a2 += std::pow(s0 * dx[ax] / r, 2);
    const double disc = ab * ab - a2 * (b2 - sl * sl);
    if (disc < 0 || a2 <= 0) continue;
    const double tau = (ab + std::sqrt(disc)) / a2;
    const double t = t0 * tau;
    // Causal: no cheaper than the neighbours it was computed from.
    if (t >= nb[m - 1].t) {
      tauOut = tau;
      return t;
    }
  }
  const double t = plainEikonal(s, sourceId, i, p, sl);
  tauOut = t / t0;
  return t;
}

void Run::seed(Source& s) {
  const CementGrid& g = d_.grid;
  const double rVox = r_.tipRadiusMm / g.spacingMm;
  const int reach = int(std::ceil(rVox)) + 6;  // looks a little further if the ball is closed
  const std::array<int, 3> c{int(std::lround(s.tipIjk.x)), int(std::lround(s.tipIjk.y)), int(std::lround(s.tipIjk.z))};
  std::vector<size_t> ball;
  size_t nearest = 0;
  double nearestD2 = kInf;
  for (int k = c[2] - reach; k <= c[2] + reach; ++k)
    for (int j = c[1] - reach; j <= c[1] + reach; ++j)
      for (int i = c[0] - reach; i <= c[0] + reach; ++i) {
        if (!g.inside(i, j, k)) continue;
        const size_t idx = g.index(i, j, k);
        if (!open(idx) || owner_[idx] >= 0) continue;
        const double d2 = (i - s.tipIjk.x) * (i - s.tipIjk.x) + (j - s.tipIjk.y) * (j - s.tipIjk.y) +
                          (k - s.tipIjk.z) * (k - s.tipIjk.z);
        if (d2 <= rVox * rVox) ball.push_back(idx);
        if (d2 < nearestD2) {
          nearestD2 = d2;
          nearest = idx;
        }
      }
  if (nearestD2 == kInf) return;
  // A tip against closed tissue still injects: into the nearest open voxel.
  if (ball.empty()) ball.push_back(nearest);
  // The homogeneous reference of the factored eikonal: the bone at the tip.
  s.refViscous = viscousFactor(nearest);
  s.refYield = yieldFactor(nearest);
  for (size_t idx : ball) {
    s.t[idx] = 0;
    s.local[idx] = float(fluxAt(s, g.ijk(idx)) * r_.marrowDrainageMm * 1e-3 / d_.permeabilityM2[idx]);
    s.heap.push({localWeight() * s.local[idx], 0.0, uint32_t(idx)});
  }
}

void Run::relax(Source& s, int sourceId, size_t filled) {
  const std::array<int, 3> p = d_.grid.ijk(filled);
  for (int ax = 0; ax < 3; ++ax)
    for (int dir = -1; dir <= 1; dir += 2) {
      std::array<int, 3> q = p;
      q[ax] += dir;
      if (q[ax] < 0 || q[ax] >= d_.grid.size[ax]) continue;
      const size_t j = size_t(int64_t(filled) + dir * stride_[ax]);
      if (!open(j) || owner_[j] >= 0) continue;
      const double flux = fluxAt(s, q);
      double tau = 1;
      const double t = eikonal(s, sourceId, j, q, slowness(j, flux), tau);
      if (t >= s.t[j]) continue;
      s.t[j] = t;
      s.tau[j] = float(tau);
      s.local[j] = float(flux * r_.marrowDrainageMm * 1e-3 / d_.permeabilityM2[j]);
      s.heap.push({t + localWeight() * s.local[j], t, uint32_t(j)});
    }
}

void Run::rebuildHeaps() {
  const double w = localWeight();
  for (Source& s : sources_) {
    std::vector<HeapEntry> fresh;
    fresh.reserve(s.heap.size());
    while (!s.heap.empty()) {
      const HeapEntry e = s.heap.top();
      s.heap.pop();
      // Keep the current entry of each waiting voxel once (stale copies carry an older, larger t;
      // equal-t duplicates are dropped by the sort and unique below).
      if (owner_[e.index] >= 0 || e.t != s.t[e.index]) continue;
      fresh.push_back({e.t + w * s.local[e.index], e.t, e.index});
    }
    std::sort(fresh.begin(), fresh.end(), [](const HeapEntry& a, const HeapEntry& b) { return a.index < b.index; });
    fresh.erase(std::unique(fresh.begin(), fresh.end(), [](const HeapEntry& a, const HeapEntry& b) { return a.index == b.index; }),
                fresh.end());
    s.heap = Heap(HeapOrder{}, std::move(fresh));
  }
}

int64_t Run::nextVoxel(Source& s, int sourceId, double& pressurePa) {
  (void)sourceId;
  while (!s.heap.empty()) {
    const HeapEntry e = s.heap.top();
    s.heap.pop();
    if (owner_[e.index] >= 0 || e.t != s.t[e.index]) continue;
    pressurePa = consistencyAt(s.timeS) * e.t + r_.marrowViscosityPaS * s.local[e.index];
    return e.index;
  }
  return -1;
}

void Run::accept(Source& s, int sourceId, size_t i) {
  owner_[i] = int8_t(sourceId);
  result_.fillTimeS[i] = float(s.timeS);
  // Cement against a vein's foramen: the vein now sees this needle's pressure, less the path drop
  // from the tip to here.
  if (!besideOutlet_.empty() && besideOutlet_[i] >= 0) {
    OutletState& o = outlets_[size_t(besideOutlet_[i])];
    if (o.source < 0) {
      o.source = sourceId;
      o.pathT = s.t[i];
    } else if (o.source == sourceId) {
      o.pathT = std::min(o.pathT, s.t[i]);
    }
  }
  s.current = int64_t(i);
  s.currentCapacityMl = d_.porosity[i] * poreFill_ * voxelMl_;
  s.currentFilledMl = 0;
  const Tissue t = d_.tissueAt(i);
  if (isBody(t) && d_.posteriorWallJ >= 0 && d_.anteriorWallJ > d_.posteriorWallJ) {
    const double j = d_.grid.ijk(i)[1];
    if (j <= d_.posteriorWallJ + 0.25 * (d_.anteriorWallJ - d_.posteriorWallJ)) posteriorQuarterReached_ = true;
  }
  // Endplate contact: endplate voxels the cement enters or lies against, counted once each.
  const std::array<int, 3> p = d_.grid.ijk(i);
  const double faceMm2 = d_.grid.spacingMm * d_.grid.spacingMm;
  auto touch = [&](size_t j) {
    const Tissue e = d_.tissueAt(j);
    if ((e != Tissue::kSuperiorEndplate && e != Tissue::kInferiorEndplate) || wetted_[j]) return;
    wetted_[j] = 1;
    (e == Tissue::kSuperiorEndplate ? result_.superiorContactMm2 : result_.inferiorContactMm2) += faceMm2;
  };
  touch(i);
  for (int ax = 0; ax < 3; ++ax)
    for (int dir = -1; dir <= 1; dir += 2) {
      const int c = p[ax] + dir;
      if (c >= 0 && c < d_.grid.size[ax]) touch(size_t(int64_t(i) + dir * stride_[ax]));
    }
  // Contact means cement lying against the plate, not one voxel grazing it.
  result_.touchesSuperiorEndplate = result_.superiorContactMm2 >= kMinEndplateContactMm2;
  result_.touchesInferiorEndplate = result_.inferiorContactMm2 >= kMinEndplateContactMm2;
  relax(s, sourceId, i);
}

void Run::addCement(size_t i, double ml) {
  const Tissue t = d_.tissueAt(i);
  if (auto dest = leakDestinationOf(t)) {
    leakedMl_ += ml;
    leakedBy_[size_t(*dest)] += ml;
  } else {
    retainedMl_ += ml;
  }
  // The body volume cement reaches: the voxel's volume in proportion to its filled pore space.
  if (isBody(t)) bodyInfiltratedMl_ += ml / (d_.porosity[i] * poreFill_);
}

double Run::veinFlowMlPerS(size_t outlet, double timeS) const {
  const OutletState& o = outlets_[outlet];
  const VenousOutlet& v = d_.outlets[outlet];
  const Source& s = sources_[size_t(o.source)];
  // What pushes the cement at the foramen into the vein, above the venous pressure: the marrow's
  // pressure in the body (the intravertebral pressure rise, set by the rate and the body's venous
  // drainage, not by the cement) plus the cement's own flow pressure there (the needle's, less the
  // path drop from the tip to the foramen).
  const double consistency = consistencyAt(timeS);
  const double flowPa = std::max(s.lastPressurePa - consistency * o.pathT, 0.0);
  // The yield stress as in the bone's path pressure: the ratio at the start times K(t).
  const double yieldStress = rho_ * consistency;
  // The cement already in the vein is held by its yield stress along the wall (wide lumen: its
  // viscous drop is small); what is left drives the flow through the foramen's channel.
  const double rc = v.channelRadiusMm * 1e-3, rv = v.veinRadiusMm * 1e-3;
  const double columnM = o.leakedMl * kM3PerMl / (kPi * rv * rv);
  const double drivePa = marrowPa_ + flowPa - 2 * yieldStress * columnM / rv;
  if (!(drivePa > 0)) return 0;
  // Herschel-Bulkley flow in the channel (radius r, length L): the cement moves only where the
  // wall shear stress tau_w = p r / (2 L) exceeds the yield stress, and then carries
  //   Q = pi r^3 (tau_w / K)^(1/n) (1 - f)^(1/n + 1) [(1 - f)^2 / (3 + 1/n) + 2 f (1 - f) / (2 + 1/n)
  //       + f^2 / (1 + 1/n)],   f = tau_y / tau_w
  // (Chhabra and Richardson, Non-Newtonian Flow and Applied Rheology, 2nd ed. 2008, ch. 3).
  const double wallStress = drivePa * rc / (2 * v.channelLengthMm * 1e-3);
  if (wallStress <= yieldStress) return 0;
  const double f = yieldStress / wallStress, m = 1 / n_;
  const double shape = std::pow(1 - f, m + 1) *
                       ((1 - f) * (1 - f) / (3 + m) + 2 * f * (1 - f) / (2 + m) + f * f / (1 + m));
  return kPi * rc * rc * rc * std::pow(wallStress / consistency, m) * shape / kM3PerMl;
}

double Run::leakIntoVein(size_t outlet, double ml, double timeS) {
  OutletState& o = outlets_[outlet];
  const VenousOutlet& v = d_.outlets[outlet];
  double placed = 0;
  while (ml - placed > 0 && !o.full) {
    if (o.cursor >= v.drainVoxels.size()) {
      o.full = true;
      break;
    }
    const size_t j = v.drainVoxels[o.cursor];
    if (o.cursorFilledMl == 0) {
      if (owner_[j] != -1 || !open(j)) {  // bone cement or another vein got there first
        ++o.cursor;
        continue;
      }
      owner_[j] = kVeinOwner;
      result_.fillTimeS[j] = float(timeS);
    }
    const double capacity = d_.porosity[j] * poreFill_ * voxelMl_;
    const double room = capacity - o.cursorFilledMl;
    const double put = std::min(room, ml - placed);
    o.cursorFilledMl += put;
    placed += put;
    result_.saturation[j] = float(o.cursorFilledMl / capacity);
    addCement(j, put);
    if (put >= room) {
      result_.saturation[j] = 1.f;
      ++o.cursor;
      o.cursorFilledMl = 0;
    }
  }
  o.leakedMl += placed;
  return placed;
}

double Run::deliver(Source& s, int sourceId, double wanted) {
  const size_t i = size_t(s.current);
  const double room = s.currentCapacityMl - s.currentFilledMl;
  // The veins this needle's cement has reached take their flow at its present pressure; the
  // bone front takes the rest. When the veins could take more than the needle delivers, all of it
  // goes there (the pressure settles below the front's) until their columns have grown.
  veinFlows_.assign(outlets_.size(), 0.0);
  double veinMlPerS = 0;
  for (size_t o = 0; o < outlets_.size(); ++o)
    if (outlets_[o].source == sourceId && !outlets_[o].full) veinMlPerS += veinFlows_[o] = veinFlowMlPerS(o, s.timeS);
  const double share = std::min(veinMlPerS / s.rateMlPerS, 1.0);
  double chunk = share > 0 ? std::min(wanted, kVeinStepMl) : wanted;
  double bone = share >= 1 ? 0 : chunk * (1 - share);
  const bool fillsVoxel = share < 1 && bone >= room;
  if (fillsVoxel) {
    bone = room;
    chunk = room / (1 - share);
  }
  double delivered = 0;
  if (share > 0)
    for (size_t o = 0; o < outlets_.size(); ++o)
      if (veinFlows_[o] > 0)
        delivered += leakIntoVein(o, chunk * veinFlows_[o] / std::max(veinMlPerS, s.rateMlPerS), s.timeS);
  if (bone > 0) {
    s.currentFilledMl += bone;
    result_.saturation[i] = float(s.currentFilledMl / s.currentCapacityMl);
    addCement(i, bone);
    delivered += bone;
  }
  if (fillsVoxel) {
    s.current = -1;
    result_.saturation[i] = 1.f;
  }
  s.deliveredMl += delivered;
  s.timeS = s.deliveredMl / s.rateMlPerS;
  return delivered;
}

void Run::recordFrame() {
  CementFrame f;
  double t = 0;
  for (const Source& s : sources_) {
    f.injectedMl += s.deliveredMl;
    t = std::max(t, s.timeS);
    f.pressureKpa.push_back(1e-3 * (s.framePeakPa > 0 ? s.framePeakPa : s.lastPressurePa));
  }
  f.timeS = t;
  f.simulatedMl = retainedMl_ + leakedMl_;
  f.retainedMl = retainedMl_;
  f.leakedMl = leakedMl_;
  f.leakedByDestinationMl = leakedBy_;
  f.bodyFillFraction = d_.bodyVolumeMl > 0 ? bodyInfiltratedMl_ / d_.bodyVolumeMl : 0;
  result_.frames.push_back(f);
  for (Source& s : sources_) s.framePeakPa = 0;
}

bool Run::stopRequested() {
  const StopRule& rule = r_.stop;
  if (rule.stopOnLeak && leakedMl_ > rule.leakThresholdMl) stop_ = StopReason::kLeak;
  if (rule.stopAtPosteriorQuarter && posteriorQuarterReached_) stop_ = StopReason::kPosteriorQuarter;
  if (rule.stopAtBothEndplates && result_.touchesSuperiorEndplate && result_.touchesInferiorEndplate)
    stop_ = StopReason::kBothEndplates;
  return stop_.has_value();
}

core::Result<CementResult> Run::go(const core::Progress& progress) {
  const CementGrid& g = d_.grid;
  if (r_.sources.empty()) return core::Error{"", "no needle to inject through"};
  if (r_.sources.size() > 100) return core::Error{"", "too many needles"};
  if (d_.tissue.size() != g.voxelCount() || d_.permeabilityM2.size() != g.voxelCount() ||
      d_.porosity.size() != g.voxelCount())
    return core::Error{"", "the injection domain's arrays do not match its grid"};
  if (!(r_.stop.volumeMl > 0)) return core::Error{"", "the volume to inject must be positive"};
  if (!(r_.frameIntervalMl > 0)) return core::Error{"", "the frame interval must be positive"};
  double totalRate = 0;
  for (const InjectionSource& spec : r_.sources) {
    if (!(spec.rateMlPerMin > 0)) return core::Error{spec.needleId, "injection rate must be positive"};
    totalRate += spec.rateMlPerMin / 60;
  }
  marrowPa_ = std::max(r_.intravertebralPressureKpaPerMlPerMin, 0.0) * 1e3 * totalRate * 60;
  sources_.resize(r_.sources.size());
  for (size_t n = 0; n < sources_.size(); ++n) {
    Source& s = sources_[n];
    s.spec = r_.sources[n];
    s.tipIjk = g.continuousIndex(s.spec.tipMm);
    s.rateMlPerS = s.spec.rateMlPerMin / 60;
    s.t.assign(g.voxelCount(), kInf);
    s.tau.assign(g.voxelCount(), 1.f);
    s.local.assign(g.voxelCount(), 0.f);
    if (!g.inside(int(std::lround(s.tipIjk.x)), int(std::lround(s.tipIjk.y)), int(std::lround(s.tipIjk.z))))
      return core::Error{s.spec.needleId, "the needle tip lies outside the simulation grid"};
    seed(s);
    if (s.heap.empty()) return core::Error{s.spec.needleId, "the needle tip is not in tissue cement can enter"};
  }

  double nextFrameMl = std::min(r_.frameIntervalMl, r_.stop.volumeMl);
  while (!stop_) {
    const double frameTimeS = nextFrameMl / totalRate;
    // Advance the source that lags most, one voxel (or up to the frame) at a time: the needles
    // stay within one voxel's fill of each other, and each delivers exactly rate x time.
    for (;;) {
      Source* lag = nullptr;
      int lagId = -1;
      for (size_t n = 0; n < sources_.size(); ++n) {
        Source& s = sources_[n];
        if (s.exhausted || s.deliveredMl >= s.rateMlPerS * frameTimeS * (1 - 1e-12)) continue;
        if (!lag || s.timeS < lag->timeS) {
          lag = &s;
          lagId = int(n);
        }
      }
      if (!lag) break;
      Source& s = *lag;
      if (s.current < 0) {
        double pressurePa = 0;
        const int64_t next = nextVoxel(s, lagId, pressurePa);
        if (next < 0) {
          s.exhausted = true;
          stop_ = StopReason::kNoRoom;
          continue;
        }
        if (r_.stop.pressureLimitKpa > 0 && pressurePa > r_.stop.pressureLimitKpa * 1e3) {
          stop_ = StopReason::kPressureLimit;
          break;
        }
        s.lastPressurePa = pressurePa;
        s.framePeakPa = std::max(s.framePeakPa, pressurePa);
        s.peakPressurePa = std::max(s.peakPressurePa, pressurePa);
        accept(s, lagId, size_t(next));
      }
      deliver(s, lagId, s.rateMlPerS * frameTimeS - s.deliveredMl);
      if (stopRequested()) break;
    }
    recordFrame();
    if (stop_) break;
    if (nextFrameMl >= r_.stop.volumeMl * (1 - 1e-12)) {
      stop_ = StopReason::kVolumeReached;
      break;
    }
    if (progress.cancelled()) return core::Error{"", "cancelled"};
    progress.report(nextFrameMl / r_.stop.volumeMl, "injecting cement");
    nextFrameMl = std::min(nextFrameMl + r_.frameIntervalMl, r_.stop.volumeMl);
    // The cement has aged: the marrow term weighs less against the path term from now on.
    weightTimeS_ = frameTimeS;
    rebuildHeaps();
  }

  CementResult& out = result_;
  const CementFrame& last = out.frames.back();
  out.model = "darcy-front";
  out.stopReason = *stop_;
  out.durationS = last.timeS;
  out.injectedMl = last.injectedMl;
  out.retainedMl = last.retainedMl;
  out.leakedMl = last.leakedMl;
  out.leakedByDestinationMl = last.leakedByDestinationMl;
  out.bodyFillFraction = last.bodyFillFraction;
  out.bodyVolumeMl = d_.bodyVolumeMl;
  for (const Source& s : sources_)
    out.sources.push_back({s.spec.needleId, s.deliveredMl, s.peakPressurePa * 1e-3, s.lastPressurePa * 1e-3});
  progress.report(1, "cement injected");
  return std::move(result_);
}

core::Result<CementResult> DarcyFrontModel::simulate(const InjectionDomain& domain, const InjectionRequest& request,
                                                     const core::Progress& progress) const {
  Run run(domain, request);
  return run.go(progress);
}

}  // namespace

std::unique_ptr<CementModel> makeDarcyFrontModel() { return std::make_unique<DarcyFrontModel>(); }

}  // namespace trocar::cement
