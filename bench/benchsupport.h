#pragma once

#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <vector>

// What every benchmark needs to summarise samples and to let the event loop run.
namespace Bench {

// The value below which a share `p` (0 to 1) of the samples lies; 0 for none.
inline double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

inline double median(std::vector<double> v)
{
    return percentile(std::move(v), 0.5);
}

// Runs the event loop for `ms`, sleeping when there is nothing to do, as the app's loop does.
inline void wait(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace Bench
