/**
 * @edms/s3-storage — package storage on S3-compatible object storage behind
 * the domain's PackageStorage port, with the package reader's PackageSource
 * and the writer's PackageTarget (multipart upload).
 */
export { createS3Client, type S3Settings } from './s3-client';
export { choosePartSize, S3PackageStorage, S3PackageUpload, type S3Object, type S3PackageStorageOptions } from './s3-package-storage';
