//! Draws a claim's [`Figure`] as SVG with plotters (no system fonts needed).

use learn_core::{Figure, Panel, SeriesStyle};
use plotters::coord::ranged1d::{AsRangedCoord, ValueFormatter};
use plotters::prelude::*;
use std::path::Path;

const PANEL_WIDTH: u32 = 640;
const PANEL_HEIGHT: u32 = 460;

/// Writes `figure` to `path` as an SVG, panels side by side.
pub fn write_svg(figure: &Figure, path: &Path) -> Result<(), String> {
    let panels = figure.panels.len().max(1);
    let width = PANEL_WIDTH * panels as u32;
    let root = SVGBackend::new(path, (width, PANEL_HEIGHT + 40)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let root = root
        .titled(&figure.title, ("sans-serif", 22))
        .map_err(|e| e.to_string())?;
    let areas = root.split_evenly((1, panels));
    for (panel, area) in figure.panels.iter().zip(areas.iter()) {
        draw_panel(panel, area).map_err(|e| format!("panel '{}': {e}", panel.title))?;
    }
    root.present().map_err(|e| e.to_string())
}

/// Writes a "verdict card" for a claim that has no figure of its own (a property over a family
/// of parameters, say): its statement and every check with measured and expected values.
pub fn write_card(
    title: &str,
    statement: &str,
    lines: &[(bool, String)],
    path: &Path,
) -> Result<(), String> {
    let height = 110 + 24 * lines.len() as u32;
    let root = SVGBackend::new(path, (1100, height)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let text = |s: &str, x: i32, y: i32, size: u32, color: &RGBColor| {
        root.draw(&Text::new(
            s.to_string(),
            (x, y),
            ("sans-serif", size).into_font().color(color),
        ))
        .map_err(|e| e.to_string())
    };
    text(title, 20, 16, 22, &BLACK)?;
    text(statement, 20, 50, 15, &RGBColor(60, 60, 60))?;
    for (k, (passed, line)) in lines.iter().enumerate() {
        let (mark, color) = if *passed {
            ("✔", RGBColor(20, 130, 40))
        } else {
            ("✘", RGBColor(190, 30, 30))
        };
        let y = 90 + 24 * k as i32;
        text(mark, 24, y, 16, &color)?;
        text(line, 48, y, 15, &BLACK)?;
    }
    root.present().map_err(|e| e.to_string())
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;

/// The finite points of a panel that its axes can show (positive on log axes).
fn visible(panel: &Panel) -> Vec<Vec<(f64, f64, f64)>> {
    panel
        .series
        .iter()
        .map(|s| {
            s.points
                .iter()
                .enumerate()
                .map(|(k, &(x, y))| {
                    let err = s.y_error.as_ref().and_then(|e| e.get(k)).copied();
                    (x, y, err.filter(|e| e.is_finite()).unwrap_or(0.0))
                })
                .filter(|&(x, y, _)| x.is_finite() && y.is_finite())
                .filter(|&(x, _, _)| !panel.x_log || x > 0.0)
                .filter(|&(_, y, _)| !panel.y_log || y > 0.0)
                .collect()
        })
        .collect()
}

fn bounds(values: impl Iterator<Item = f64>, log: bool) -> (f64, f64) {
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if !lo.is_finite() || !hi.is_finite() {
        return if log { (1.0, 10.0) } else { (0.0, 1.0) };
    }
    if log {
        let (l, h) = (lo.ln(), hi.ln());
        let pad = ((h - l) * 0.05).max(0.05);
        return ((l - pad).exp(), (h + pad).exp());
    }
    if hi - lo < 1e-12 {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let pad = (hi - lo) * 0.05;
    (lo - pad, hi + pad)
}

fn draw_panel(panel: &Panel, area: &Area<'_>) -> Result<(), String> {
    let points = visible(panel);
    let (x0, x1) = bounds(points.iter().flatten().map(|p| p.0), panel.x_log);
    let (y0, y1) = bounds(
        points
            .iter()
            .flatten()
            .flat_map(|p| [p.1 - p.2, p.1 + p.2])
            .filter(|v| !panel.y_log || *v > 0.0),
        panel.y_log,
    );
    match (panel.x_log, panel.y_log) {
        (false, false) => draw_in(panel, &points, area, x0..x1, y0..y1),
        (true, false) => draw_in(panel, &points, area, (x0..x1).log_scale(), y0..y1),
        (false, true) => draw_in(panel, &points, area, x0..x1, (y0..y1).log_scale()),
        (true, true) => draw_in(
            panel,
            &points,
            area,
            (x0..x1).log_scale(),
            (y0..y1).log_scale(),
        ),
    }
}

fn draw_in<X, Y>(
    panel: &Panel,
    points: &[Vec<(f64, f64, f64)>],
    area: &Area<'_>,
    x: X,
    y: Y,
) -> Result<(), String>
where
    X: AsRangedCoord<Value = f64>,
    Y: AsRangedCoord<Value = f64>,
    X::CoordDescType: ValueFormatter<f64>,
    Y::CoordDescType: ValueFormatter<f64>,
{
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, ("sans-serif", 17))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(x, y)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc(panel.x_label.as_str())
        .y_desc(panel.y_label.as_str())
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(|e| e.to_string())?;
    for (k, (series, pts)) in panel.series.iter().zip(points).enumerate() {
        let color = Palette99::pick(k).to_rgba();
        let xy: Vec<(f64, f64)> = pts.iter().map(|&(x, y, _)| (x, y)).collect();
        let label = series.name.clone();
        let line = ShapeStyle::from(&color).stroke_width(2);
        let drawn = match series.style {
            SeriesStyle::Line => chart.draw_series(LineSeries::new(xy.clone(), line)),
            SeriesStyle::Dashed => chart.draw_series(DashedLineSeries::new(xy.clone(), 6, 4, line)),
            SeriesStyle::Points => chart.draw_series(
                xy.iter()
                    .map(|&p| Circle::new(p, 3, ShapeStyle::from(&color).filled())),
            ),
            SeriesStyle::LinePoints => {
                chart
                    .draw_series(
                        xy.iter()
                            .map(|&p| Circle::new(p, 3, ShapeStyle::from(&color).filled())),
                    )
                    .map_err(|e| e.to_string())?;
                chart.draw_series(LineSeries::new(xy.clone(), line))
            }
        }
        .map_err(|e| e.to_string())?;
        drawn.label(label).legend(move |(lx, ly)| {
            PathElement::new(vec![(lx, ly), (lx + 18, ly)], color.stroke_width(2))
        });
        if series.y_error.is_some() {
            chart
                .draw_series(pts.iter().filter(|p| p.2 > 0.0).map(|&(x, y, e)| {
                    ErrorBar::new_vertical(x, y - e, y, y + e, color.stroke_width(1), 6)
                }))
                .map_err(|e| e.to_string())?;
        }
    }
    if panel.series.iter().any(|s| !s.name.is_empty()) {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
