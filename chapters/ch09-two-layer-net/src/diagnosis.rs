//! What the trained network gets wrong: the test images it misclassifies
//! and the confusion matrix, which counts every (true digit, predicted
//! digit) pair.

use ndarray::{Array2, ArrayView1, ArrayView2};

/// Why a confusion matrix cannot be counted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConfusionError {
    /// `predicted` and `labels` differ in length.
    #[error("有 {predicted} 个预测，却有 {labels} 个标签")]
    Lengths {
        /// How many predictions.
        predicted: usize,
        /// How many labels.
        labels: usize,
    },
    /// A class number is not below `classes`.
    #[error("类别 {class} 超出了范围：只有 {classes} 个类别（0 到 {}）", .classes.saturating_sub(1))]
    Class {
        /// The class number met.
        class: usize,
        /// The number of classes.
        classes: usize,
    },
}

/// The confusion matrix: entry $(i, j)$ counts the images of true class
/// $i$ that were predicted as class $j$. The diagonal holds the right
/// answers; everything off it is a mistake. The entries add up to $N$,
/// row $i$ to the number of images of class $i$.
///
/// # Shapes
///
/// `predicted`, `labels`: `(N,)` → `(classes, classes)`.
///
/// # Errors
///
/// [`ConfusionError`] when the lengths differ or a class is not below
/// `classes`.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::diagnosis::confusion_matrix;
/// use ndarray::array;
///
/// let labels = array![0, 0, 1, 2, 2, 2];
/// let predicted = array![0, 1, 1, 2, 2, 0];
/// let m = confusion_matrix(predicted.view(), labels.view(), 3)?;
/// assert_eq!(m, array![[1, 1, 0], [0, 1, 0], [1, 0, 2]]);
/// assert_eq!(m.sum(), 6);
/// # Ok::<(), ch09_two_layer_net::diagnosis::ConfusionError>(())
/// ```
// ANCHOR: confusion_matrix
pub fn confusion_matrix(
    predicted: ArrayView1<usize>,
    labels: ArrayView1<usize>,
    classes: usize,
) -> Result<Array2<usize>, ConfusionError> {
    if predicted.len() != labels.len() {
        return Err(ConfusionError::Lengths {
            predicted: predicted.len(),
            labels: labels.len(),
        });
    }
    let mut m = Array2::zeros((classes, classes));
    for (&p, &t) in predicted.iter().zip(&labels) {
        if let Some(&class) = [p, t].iter().find(|&&k| k >= classes) {
            return Err(ConfusionError::Class { class, classes });
        }
        m[[t, p]] += 1; // 第 t 行：真实类别；第 p 列：预测的类别
    }
    Ok(m)
}
// ANCHOR_END: confusion_matrix

/// The positions of the images whose prediction is not the label, in
/// order.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::diagnosis::misclassified;
/// use ndarray::array;
///
/// let p = misclassified(array![3, 1, 4, 1].view(), array![3, 7, 4, 2].view());
/// assert_eq!(p, [1, 3]);
/// ```
pub fn misclassified(
    predicted: ArrayView1<usize>,
    labels: ArrayView1<usize>,
) -> Vec<usize> {
    predicted
        .iter()
        .zip(&labels)
        .enumerate()
        .filter(|(_, (p, t))| p != t)
        .map(|(n, _)| n)
        .collect()
}

/// The largest off-diagonal entries of a confusion matrix, as
/// `(true class, predicted class, count)`, largest first (ties by true,
/// then predicted class), at most `k` of them, none zero.
///
/// # Examples
///
/// ```
/// use ch09_two_layer_net::diagnosis::most_confused;
/// use ndarray::array;
///
/// let m = array![[5, 2, 0], [0, 4, 3], [2, 0, 6]];
/// assert_eq!(most_confused(m.view(), 2), [(1, 2, 3), (0, 1, 2)]);
/// ```
pub fn most_confused(
    m: ArrayView2<usize>,
    k: usize,
) -> Vec<(usize, usize, usize)> {
    let mut off: Vec<_> = m
        .indexed_iter()
        .filter(|&((i, j), &n)| i != j && n > 0)
        .map(|((i, j), &n)| (i, j, n))
        .collect();
    off.sort_by_key(|&(i, j, n)| (std::cmp::Reverse(n), i, j));
    off.truncate(k);
    off
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Axis, array};

    #[test]
    fn a_confusion_matrix_sums_to_n_and_its_rows_to_the_class_counts() {
        let labels = array![0, 1, 1, 2, 2, 2, 3, 3, 3, 3];
        let predicted = array![0, 1, 2, 2, 2, 1, 3, 0, 3, 3];
        let m = confusion_matrix(predicted.view(), labels.view(), 4).unwrap();
        assert_eq!(m.sum(), labels.len());
        assert_eq!(m.sum_axis(Axis(1)), array![1, 2, 3, 4]);
        assert_eq!(m.diag().sum(), 7, "the right answers");
        let wrong = misclassified(predicted.view(), labels.view());
        assert_eq!(wrong, [2, 5, 7]);
        assert_eq!(m.sum() - m.diag().sum(), wrong.len());
    }

    #[test]
    fn bad_input_is_named() {
        let e = confusion_matrix(array![0, 1].view(), array![0].view(), 2);
        assert_eq!(e.unwrap_err().to_string(), "有 2 个预测，却有 1 个标签");
        let e = confusion_matrix(array![0, 5].view(), array![0, 1].view(), 2);
        assert_eq!(
            e.unwrap_err(),
            ConfusionError::Class {
                class: 5,
                classes: 2
            }
        );
    }
}
